package dev.multiproc.bench.rows

import dev.multiproc.SerializableFunction
import dev.multiproc.bench.Goal
import dev.multiproc.bench.Measure
import dev.multiproc.bench.Row
import dev.multiproc.bench.Scale
import dev.multiproc.dsl.Backend
import dev.multiproc.dsl.Codec
import dev.multiproc.dsl.ParallelScope
import dev.multiproc.dsl.map
import dev.multiproc.dsl.parallel
import dev.multiproc.pool.Pool
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable
import java.time.Duration

/**
 * Kotlin DSL rows. No CPython column: each compares the DSL with another way of doing the same
 * in the same run (core `Pool.imap`, JDK serialization, coroutines and threads).
 */
object DslRows {
    private const val CPU_CHUNKS = 16

    @JvmStatic
    fun all(): List<Row> = listOf(
        SimpleRow("dsl.map", { s -> "DSL map(x*x) over %,d ints / core Pool(2).imap, one pool, same chunks, median time ratio, %d runs each, alternating which goes first".format(s.n(20_000), mapReps(s)) },
            "x", null, Goal.atMost(1.1), ::mapVsImap),
        SimpleRow("dsl.json", { s -> "DSL map(identity) over %,d small @Serializable objects: JSON / JDK serialization, time ratio".format(s.n(20_000)) },
            "x", null, Goal.reported(), ::jsonVsJdk),
        SimpleRow("dsl.cpu.processes", { s -> cpuWorkload(s, "parallel(2) processes backend") }, "s", null, Goal.reported()) { s ->
            cpu(s) { ranges -> parallel(processes = 2) { timedPrimes(ranges) } }
        },
        SimpleRow("dsl.cpu.coroutines", { s -> cpuWorkload(s, "async(Dispatchers.Default) in this JVM") }, "s", null, Goal.reported()) { s ->
            cpu(s) { ranges ->
                val start = System.nanoTime()
                val total = coroutineScope { ranges.map { async(Dispatchers.Default) { countPrimes(it) } }.awaitAll().sum() }
                total to (System.nanoTime() - start) / 1e9
            }
        },
        SimpleRow("dsl.cpu.threads", { s -> cpuWorkload(s, "parallel(2, backend = Threads)") }, "s", null, Goal.reported()) { s ->
            cpu(s) { ranges -> parallel(processes = 2, backend = Backend.Threads) { timedPrimes(ranges) } }
        },
    )

    /**
     * The DSL's map against the core's imap with the chunk size the DSL picks, interleaved, both on
     * the same pool (`parallel(pool)`): what differs is only the DSL's own work. With a pool each,
     * four worker JVMs took turns on two cores and whichever side ran second found its workers
     * descheduled.
     */
    private fun mapVsImap(scale: Scale): Double = runBlocking {
        val n = scale.n(20_000)
        val items = (0 until n).toList()
        val chunk = maxOf(1, Math.ceil(n / 8.0).toInt()) // what the DSL picks for 2 workers
        Pool(2).use { pool ->
            check(pool.awaitReady(Duration.ofMinutes(2))) { "Pool(2) did not start" }
            val fn = SerializableFunction<Int, Int> { x -> x * x }
            parallel(pool) {
                suspend fun dslOnce(): Double {
                    val start = System.nanoTime()
                    // results consumed as imapOnce consumes them: one by one, no list built
                    var last = 0
                    map(items) { x -> x * x }.collect { v -> last = v }
                    check(last == (n - 1) * (n - 1))
                    return (System.nanoTime() - start) / 1e9
                }
                fun imapOnce(): Double {
                    val start = System.nanoTime()
                    var last = 0
                    pool.imap(fn, items, chunk).use { it.forEach { v -> last = v } }
                    check(last == (n - 1) * (n - 1))
                    return (System.nanoTime() - start) / 1e9
                }
                // JIT and connections warm on both sides: on 2 cores busy with the workers, the
                // compiler threads of this JVM lag seconds behind (LogCompilation: the pool's
                // result path reached C2 only after ~5 s), and a map took 4-5 ms after 20 pairs,
                // ~1 ms once warm; what is compared is the DSL's own cost, not its warm-up
                val warmUntil = System.nanoTime() + WARM_UP_NANOS
                var pairs = 0
                while (pairs < 20 || System.nanoTime() < warmUntil) {
                    dslOnce()
                    imapOnce()
                    pairs++
                }
                val reps = mapReps(scale)
                val dsl = DoubleArray(reps)
                val core = DoubleArray(reps)
                for (r in 0 until reps) {
                    // neither side always runs first, after the other has warmed the caches
                    if (r % 2 == 0) {
                        core[r] = imapOnce()
                        dsl[r] = dslOnce()
                    } else {
                        dsl[r] = dslOnce()
                        core[r] = imapOnce()
                    }
                }
                System.err.printf("dsl.map: DSL %.2f ms, Pool.imap(chunksize=%d) %.2f ms%n",
                    Measure.median(dsl) * 1e3, chunk, Measure.median(core) * 1e3)
                Measure.median(dsl) / Measure.median(core)
            }
        }
    }

    /** How long [mapVsImap] runs both sides before it measures. */
    private const val WARM_UP_NANOS = 8_000_000_000L

    /**
     * Runs of each side in [mapVsImap]: one takes 1-2 ms once warm, so a median of few is at the
     * mercy of the other processes on the machine (24 gave 0.96x-1.18x in three runs on a quiet
     * machine, 60 gave 1.04x-1.21x); 200 cost under a second.
     */
    private fun mapReps(scale: Scale): Int = maxOf(200, scale.reps() * 60)

    private fun jsonVsJdk(scale: Scale): Double = runBlocking {
        val n = scale.n(20_000)
        val jdk = (0 until n).map { JdkPoint(it, -it, "p$it") }
        val json = (0 until n).map { JsonPoint(it, -it, "p$it") }
        parallel(processes = 2) {
            suspend fun time(block: suspend () -> Int): Double {
                val start = System.nanoTime()
                check(block() == n)
                return (System.nanoTime() - start) / 1e9
            }
            val reps = maxOf(5, scale.reps() * 2)
            val a = DoubleArray(reps)
            val b = DoubleArray(reps)
            repeat(3) {
                map(jdk) { p -> p }.toList()
                map(json, codec = Codec.Json) { p -> p }.toList()
            }
            for (r in 0 until reps) {
                a[r] = time { map(jdk, codec = Codec.Java) { p -> p }.toList().size }
                b[r] = time { map(json, codec = Codec.Json) { p -> p }.toList().size }
            }
            System.err.printf("dsl.json: JDK serialization %.1f ms, JSON %.1f ms for %,d objects there and back%n",
                Measure.median(a) * 1e3, Measure.median(b) * 1e3, n)
            Measure.median(b) / Measure.median(a)
        }
    }

    private fun cpuWorkload(scale: Scale, how: String) =
        "primes < %,d in %d chunks, %s".format(scale.n(2_000_000), CPU_CHUNKS, how)

    private fun ranges(scale: Scale): List<LongArray> {
        val limit = scale.n(2_000_000).toLong()
        return (0 until CPU_CHUNKS).map { i -> longArrayOf(limit * i / CPU_CHUNKS, limit * (i + 1) / CPU_CHUNKS) }
    }

    /** Seconds for the job alone ([run] returns the answer and the seconds it timed), median of the scale's runs. */
    private fun cpu(scale: Scale, run: suspend (List<LongArray>) -> Pair<Long, Double>): Double {
        val ranges = ranges(scale)
        val expected = ranges.sumOf { countPrimes(it) } // also warms this JVM's JIT for the coroutines row
        return Measure.median(scale) {
            runBlocking {
                val (total, seconds) = run(ranges)
                check(total == expected) { "$total primes, expected $expected" }
                seconds
            }
        }
    }

    /** Warms the workers (JVM start, JIT) on a small job, then times only the real one: the pool's start-up is not the job. */
    private suspend fun ParallelScope.timedPrimes(ranges: List<LongArray>): Pair<Long, Double> {
        map(List(processes * 2) { longArrayOf(0, 50_000) }, chunkSize = 1) { r -> countPrimes(r) }.toList()
        val start = System.nanoTime()
        val total = map(ranges, chunkSize = 1) { r -> countPrimes(r) }.toList().sum()
        return total to (System.nanoTime() - start) / 1e9
    }

    @JvmStatic
    fun countPrimes(range: LongArray): Long = CpuScaling.countPrimes(range)
}

/** A small object for JDK serialization. */
data class JdkPoint(val x: Int, val y: Int, val name: String) : java.io.Serializable

/** The same for kotlinx-serialization-json. */
@Serializable
data class JsonPoint(val x: Int, val y: Int, val name: String)
