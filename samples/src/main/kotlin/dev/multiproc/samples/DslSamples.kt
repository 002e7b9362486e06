package dev.multiproc.samples

import dev.multiproc.Multiprocessing
import dev.multiproc.queue.ProcessQueue
import dev.multiproc.dsl.receive
import dev.multiproc.dsl.Progress
import dev.multiproc.dsl.map
import dev.multiproc.dsl.parallel
import kotlinx.coroutines.flow.fold
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.extension
import kotlin.io.path.isRegularFile
import kotlin.io.path.walk

/**
 * The seed examples in the Kotlin DSL, registered next to the Java ones:
 * `java -jar multiproc-samples.jar dsl-pool-square`.
 */
object DslSamples {
    @JvmStatic
    fun registerAll() {
        Samples.register(Sample.extra("dsl-processing", "000's processing in the Kotlin DSL: 3 child processes sleep 1 s at once, then print") { processing() })
        Samples.register(Sample.extra("dsl-pool-square", "004's pool-square in the Kotlin DSL: parallel(processes = 4) { map(1..4) { x * x } } prints [1, 4, 9, 16]") { poolSquare() })
        Samples.register(Sample.extra("dsl-queue", "004's queue-hello in the Kotlin DSL: a child process puts \"Data from worker\" on a queue, the parent receives it") { queueHello() })
        Samples.register(Sample.extra("wordfreq-dsl", "the flagship wordfreq in the Kotlin DSL: map(files) { countWords } folded, 1 vs N processes [DIR]") { wordfreq(it) })
    }

    /** Python's three processes that sleep one second each, together; the run time on stderr, as `processing` does. */
    private fun processing() = runBlocking {
        val start = System.nanoTime()
        parallel(processes = 1) {
            val children = (1..3).map { i ->
                process("sleeper-$i") {
                    Thread.sleep(1000)
                    println("I am processing!")
                }
            }
            children.forEach { it.join() }
        }
        System.err.println("3 processes of 1 s in %.1f s".format((System.nanoTime() - start) / 1e9))
    }

    /** Python's `q.put("Data from worker")` in a child, `print(q.get())` in the parent. */
    private fun queueHello() = runBlocking {
        ProcessQueue<String>().use { q ->
            parallel(processes = 1) {
                process { q.put("Data from worker") }
                println(q.receive())
            }
        }
    }

    /** Python's `Pool(4).map(square, [1, 2, 3, 4])`. */
    private fun poolSquare() = runBlocking {
        val squares = parallel(processes = 4) {
            map(listOf(1, 2, 3, 4)) { x -> x * x }.toList()
        }
        println(squares)
    }

    /** The flagship: word counts of every file, merged as they arrive, with 1 and N processes. */
    private fun wordfreq(args: Array<String>) = runBlocking {
        val generated = args.isEmpty()
        val dir = if (generated) Files.createTempDirectory("wordfreq-dsl-").also { WordFreq.Corpus.write(it, 100, 40_000) } else Path.of(args[0])
        try {
            val files = dir.walk().filter { it.isRegularFile() && it.extension == "txt" }.map { it.toString() }.sorted().toList()
            require(files.isNotEmpty()) { "no .txt files in $dir" }
            println("${files.size} files in ${if (generated) "a generated corpus" else dir}")
            val cores = Multiprocessing.cpuCount()
            val (one, oneSeconds) = count(files, 1)
            val (all, allSeconds) = count(files, cores)
            // the block above left its workers running, warm, for the next block like it (PoolSpec.keepAlive)
            val (again, againSeconds) = count(files, cores, "$cores process(es), again")
            check(one == all && all == again) { "1 and $cores processes disagree" }
            println("\ntop 10 words:")
            all.entries.sortedWith(compareByDescending<Map.Entry<String, Int>> { it.value }.thenBy { it.key }).take(10)
                .forEach { (word, n) -> println("  %-12s %,d".format(word, n)) }
            println("\n1 process:   %.2f s\n%d processes: %.2f s\nspeed-up:    %.2fx".format(oneSeconds, cores, allSeconds, oneSeconds / allSeconds))
            println("again:       %.2f s on the same %d workers, kept warm (speed-up %.2fx)".format(againSeconds, cores, oneSeconds / againSeconds))
        } finally {
            if (generated) dir.toFile().deleteRecursively()
        }
    }

    /**
     * One timed run with [processes] workers. Its progress bar goes to stderr, so that stdout
     * holds only the results: Python's `tqdm(pool.imap(count_words, files), total=len(files))`.
     */
    private suspend fun count(files: List<String>, processes: Int, label: String = "$processes process(es)"): Pair<Map<String, Int>, Double> {
        val bar = WordFreq.ProgressBar(label, System.err)
        val start = System.nanoTime()
        val counts = parallel(processes) {
            val onProgress: suspend (Progress) -> Unit = { p ->
                bar.update(p.done, p.total ?: -1)
                if (p.isFinished) bar.end()
            }
            map(files, chunkSize = 1, onProgress = onProgress) { file -> WordFreq.countWords(file) }
                .fold(HashMap<String, Int>()) { total, counts -> counts.forEach { (w, n) -> total.merge(w, n, Int::plus) }; total }
        }
        val seconds = (System.nanoTime() - start) / 1e9
        println("$label: ${files.size}/${files.size} files  %.2f s".format(seconds))
        return counts to seconds
    }
}
