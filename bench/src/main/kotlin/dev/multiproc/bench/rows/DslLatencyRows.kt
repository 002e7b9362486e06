package dev.multiproc.bench.rows

import dev.multiproc.bench.Goal
import dev.multiproc.bench.Measure
import dev.multiproc.bench.Row
import dev.multiproc.bench.Scale
import dev.multiproc.dsl.IdleWorkers
import dev.multiproc.dsl.map
import dev.multiproc.dsl.mapUnordered
import dev.multiproc.dsl.parallel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import java.lang.management.ManagementFactory
import java.util.concurrent.TimeUnit

/**
 * What a DSL user feels besides throughput: how soon the first result of a block arrives when it
 * starts its own workers, and what a map of a million trivial items costs in time and in the
 * parent's heap (against CPython's `Pool(2).map` over `range(1_000_000)`, timed by this harness
 * in the same run), pool start-up included.
 */
object DslLatencyRows {
    private const val MAP_N = 1_000_000

    @JvmStatic
    fun all(): List<Row> = listOf(
        SimpleRow("first.result", { s -> "parallel(2) { mapUnordered(files, chunkSize = 1) { count(it) }.first() }: from the call to the first result, section-11 corpus, median of blocks that start their own workers" },
            "ms", null, Goal.reported(), ::firstResult),
        SimpleRow("map.1m", { s -> "DSL parallel(2) { map(0 until %,d) { it + 1 } } collected, pool start-up included (CPython: map.1m.cpython)".format(s.n(MAP_N)) },
            "s", null, Goal.reported(), ::mapMillion),
        SimpleRow("map.1m.heap", { s -> "the parent's peak heap growth during map.1m, from after a GC before it, sampled every ms" },
            "MiB", null, Goal.reported()) { s -> mapFigures(s).second },
        SimpleRow("map.1m.cpython", { s -> "CPython's Pool(2).map(f, range(%,d)) with f(x) = x + 1, pool start-up included, fork".format(s.n(MAP_N)) },
            "s", null, Goal.reported()) { s -> cpythonMap(s) },
    )

    private fun firstResult(scale: Scale): Double {
        val files = WordCount.corpus(WordCount.pythonStdlib())
        return Measure.median(scale) {
            IdleWorkers.release() // a block that starts its workers, not one that takes kept ones
            runBlocking {
                val start = System.nanoTime()
                parallel(processes = 2) {
                    val counts = mapUnordered(files, chunkSize = 1) { file -> WordCount.count(file) }.first()
                    check(counts.isNotEmpty())
                    Measure.millisSince(start)
                }
            }
        }
    }

    private fun mapMillion(scale: Scale): Double = mapFigures(scale).first

    private var measured: Pair<Scale, Pair<Double, Double>>? = null

    /** Seconds and the peak heap in MiB of the median run. */
    @Synchronized
    private fun mapFigures(scale: Scale): Pair<Double, Double> {
        measured?.let { (at, figures) -> if (at == scale) return figures }
        val n = scale.n(MAP_N)
        val items = (0 until n).toList()
        val runs = (0..scale.reps()).map { // the first is the warm-up
            IdleWorkers.release() // pool start-up included, as in CPython's figure
            System.gc()
            val heap = HeapPeak()
            val start = System.nanoTime()
            var last = 0
            try {
                runBlocking { parallel(processes = 2) { map(items) { x -> x + 1 }.collect { v -> last = v } } }
            } finally {
                heap.stop()
            }
            val seconds = (System.nanoTime() - start) / 1e9
            check(last == n) { "map.1m: last result $last, expected $n" }
            seconds to heap.peakGrowth / (1024.0 * 1024.0)
        }.drop(1).sortedBy { it.first }
        return runs[runs.size / 2].also { measured = scale to it }
    }

    /** CPython's side of map.1m: the script prints its median of the scale's runs after a warm-up. */
    private fun cpythonMap(scale: Scale): Double {
        val script = """
            import multiprocessing as mp, statistics, time
            def f(x):
                return x + 1
            if __name__ == "__main__":
                ctx = mp.get_context("fork")
                times = []
                for r in range(${scale.reps() + 1}):
                    t0 = time.perf_counter()
                    with ctx.Pool(2) as p:
                        out = p.map(f, range(${scale.n(MAP_N)}))
                    p.join()
                    assert out[-1] == ${scale.n(MAP_N)}
                    times.append(time.perf_counter() - t0)
                print(statistics.median(times[1:]))
        """.trimIndent()
        val python = ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start()
        val out = python.inputStream.readAllBytes().decodeToString().trim()
        check(python.waitFor(10, TimeUnit.MINUTES) && python.exitValue() == 0) { "CPython's map.1m failed: $out" }
        return out.lines().last().toDouble()
    }
}

/**
 * The heap's peak use above where it was at construction, sampled every millisecond by a daemon
 * thread: a pool's peak figure moves only when the collector runs, and a short map may run none.
 */
private class HeapPeak {
    private val memory = ManagementFactory.getMemoryMXBean()
    private val base = memory.heapMemoryUsage.used

    @Volatile
    private var running = true

    @Volatile
    var peakGrowth = 0L
        private set

    private val sampler = Thread {
        while (running) {
            sample()
            Thread.sleep(1) // a sampling period, not a wait for anything
        }
    }.apply { isDaemon = true; start() }

    private fun sample() {
        val growth = memory.heapMemoryUsage.used - base
        if (growth > peakGrowth) peakGrowth = growth
    }

    fun stop() {
        running = false
        sampler.join()
        sample()
    }
}
