package dev.multiproc.bench.probe

import dev.multiproc.bench.rows.WordCount
import dev.multiproc.dsl.map
import dev.multiproc.dsl.parallel
import kotlinx.coroutines.runBlocking
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap

/**
 * Where the flagship job's time goes: runs `parallel(processes = 2) { map(files) { count } }` on
 * the corpus N times over and prints, per process and thread, the CPU time it used (from
 * `/proc/<pid>/task/<tid>/schedstat`, sampled every 100 ms so that exited workers are counted up
 * to their last sample) and wall-clock marks: the first and last result, the end of the block.
 *
 * Usage: `java -cp multiproc-bench.jar dev.multiproc.bench.probe.FlagshipProbeKt [times] [runs] [chunkSize]`
 */
fun main(args: Array<String>) {
    val times = args.getOrNull(0)?.toInt() ?: 4
    val runs = args.getOrNull(1)?.toInt() ?: 3
    val chunkSize = args.getOrNull(2)?.toInt() ?: 0
    val files = WordCount.corpus(WordCount.pythonStdlib())
    val all = List(times) { files }.flatten()
    val seqStart = System.nanoTime()
    WordCount.sequential(all)
    System.err.printf("sequential warm-up %.3f s%n", (System.nanoTime() - seqStart) / 1e9)
    val bean = java.lang.management.ManagementFactory.getThreadMXBean()
    val cpuStart = bean.currentThreadCpuTime
    val wallStart = System.nanoTime()
    WordCount.sequential(all)
    System.err.printf("sequential warm: %.3f s wall, %.3f s CPU of this thread%n",
        (System.nanoTime() - wallStart) / 1e9, (bean.currentThreadCpuTime - cpuStart) / 1e9)
    repeat(runs) { run ->
        val self = ProcessHandle.current().pid()
        val before = threads(self)
        val sampler = Sampler(self).also { it.start() }
        val start = System.nanoTime()
        var first = 0L
        var last = 0L
        var merge = 0L
        val total = HashMap<String, Int>()
        runBlocking {
            parallel(processes = 2) {
                map(all, chunkSize = chunkSize) { file -> WordCount.count(file) }.collect { counts ->
                    val t = System.nanoTime()
                    if (first == 0L) first = t
                    WordCount.merge(total, counts)
                    last = System.nanoTime()
                    merge += last - t
                }
            }
        }
        val end = System.nanoTime()
        sampler.done = true
        sampler.join()
        val after = HashMap(sampler.parent).also { it.putAll(threads(self)) }
        System.err.printf("run %d: wall %.3f s, first result %.3f s, last %.3f s, block end %.3f s; merge in collector %.3f s wall%n",
            run, (end - start) / 1e9, (first - start) / 1e9, (last - start) / 1e9, (end - start) / 1e9, merge / 1e9)
        System.err.println("  parent threads (CPU ms, > 5 ms):")
        after.entries.sortedByDescending { it.value.second - (before[it.key]?.second ?: 0) }.forEach { (tid, v) ->
            val ms = (v.second - (before[tid]?.second ?: 0)) / 1e6
            if (ms > 5) System.err.printf("    %-28s %8.1f%n", v.first, ms)
        }
        sampler.children.forEach { (pid, threads) ->
            val sum = threads.values.sumOf { it.second } / 1e6
            System.err.printf("  worker %d: %.1f ms CPU in all%n", pid, sum)
            threads.values.groupBy { group(it.first) }.mapValues { e -> e.value.sumOf { it.second } / 1e6 }
                .entries.sortedByDescending { it.value }.forEach { (name, ms) ->
                    if (ms > 5) System.err.printf("    %-28s %8.1f%n", name, ms)
                }
        }
    }
}

private fun group(name: String) = when {
    name.startsWith("C2 Compiler") -> "C2"
    name.startsWith("C1 Compiler") -> "C1"
    name.startsWith("GC ") || name.startsWith("G1 ") -> "GC"
    else -> name
}

/** tid -> (thread name, CPU ns) of [pid]. */
private fun threads(pid: Long): Map<Long, Pair<String, Long>> {
    val out = HashMap<Long, Pair<String, Long>>()
    val dir = Path.of("/proc/$pid/task")
    try {
        Files.list(dir).use { tasks ->
            tasks.forEach { task ->
                try {
                    val name = Files.readString(task.resolve("comm")).trim()
                    val cpu = Files.readString(task.resolve("schedstat")).trim().split(" ")[0].toLong()
                    out[task.fileName.toString().toLong()] = name to cpu
                } catch (gone: Exception) {
                    // the thread exited
                }
            }
        }
    } catch (gone: Exception) {
        // the process exited
    }
    return out
}

private class Sampler(private val self: Long) : Thread("probe-sampler") {
    @Volatile
    var done = false
    val children = ConcurrentHashMap<Long, HashMap<Long, Pair<String, Long>>>()
    val parent = HashMap<Long, Pair<String, Long>>()

    init {
        isDaemon = true
    }

    override fun run() {
        while (!done) {
            ProcessHandle.of(self).get().children().forEach { child ->
                val seen = children.computeIfAbsent(child.pid()) { HashMap() }
                threads(child.pid()).forEach { (tid, v) -> seen[tid] = v }
            }
            parent.putAll(threads(self))
            sleep(100)
        }
    }
}
