package dev.multiproc.bench.rows

import dev.multiproc.bench.Goal
import dev.multiproc.bench.Measure
import dev.multiproc.bench.Row
import dev.multiproc.bench.Scale
import dev.multiproc.dsl.IdleWorkers
import dev.multiproc.dsl.map
import dev.multiproc.dsl.parallel
import kotlinx.coroutines.runBlocking

/**
 * The flagship job, word frequencies over the corpus of CPython's section 11 (its standard
 * library's `.py` files), as a user writes it with the DSL:
 * `parallel(processes = 2) { map(files) { count(it) } }`, the per-file maps merged in the parent,
 * the clock running from before `parallel` to the merged result. At default settings a block
 * takes the workers an earlier block kept warm (`PoolSpec.keepAlive`), as every block after a
 * program's first does; the `.fresh` rows release them before each block, so that the block
 * starts its own workers, cold, as a program's first block does. One measurement serves every
 * row: the sequential and parallel runs, on the corpus and on the corpus four times over,
 * interleaved so that the machine's load hits them all alike.
 */
object FlagshipRows {
    private const val TIMES = 4

    @JvmStatic
    fun all(): List<Row> = listOf(
        SimpleRow("flagship.wordfreq", { s -> "word frequencies of the section-11 corpus${quick(s)}, DSL parallel(processes = 2) { map(files) }, maps merged, default settings: a block after an earlier one, its workers kept warm" },
            "s", "11.1", Goal.atMost(0.5)) { s -> figures(s).parallel },
        SimpleRow("flagship.wordfreq.fresh", { s -> "the same, a block that starts its own workers (kept ones released before it): a program's first block, pool start-up included" },
            "s", "11.1", Goal.reported()) { s -> figures(s).parallelFresh },
        SimpleRow("flagship.wordfreq.seq", { s -> "the same in one JVM thread${quick(s)}" },
            "s", "11.0", Goal.reported()) { s -> figures(s).sequential },
        SimpleRow("flagship.wordfreq.speedup", { s -> "the corpus x$TIMES (each file $TIMES tasks)${quick(s)}: our sequential time / our parallel(processes = 2) time, default settings (workers kept warm)" },
            "x", null, Goal.atLeast(1.5)) { s -> figures(s).sequentialTimes / figures(s).parallelTimes },
        SimpleRow("flagship.wordfreq.speedup.fresh", { s -> "the same with a block that starts its own workers, pool start-up included" },
            "x", null, Goal.reported()) { s -> figures(s).sequentialTimes / figures(s).parallelTimesFresh },
        SimpleRow("flagship.wordfreq.speedup.1x", { s -> "the same on the corpus once${quick(s)}: flagship.wordfreq.seq / flagship.wordfreq" },
            "x", null, Goal.reported()) { s -> figures(s).sequential / figures(s).parallel },
        SimpleRow("flagship.check.words", { _ -> "check: total words counted by flagship.wordfreq" },
            "words", "11.2", Goal.equal()) { s -> figures(s).words.toDouble() },
        SimpleRow("flagship.check.distinct", { _ -> "check: distinct words counted by flagship.wordfreq" },
            "words", "11.3", Goal.equal()) { s -> figures(s).distinct.toDouble() },
        SimpleRow("flagship.check.files", { _ -> "check: files read by flagship.wordfreq" },
            "files", "11.4", Goal.equal()) { s -> figures(s).files.toDouble() },
    )

    private fun quick(scale: Scale) = if (scale.quick()) " (--quick: the first tenth of the files)" else ""

    /** Medians in seconds, and the checks of the last parallel run. */
    class Figures(
        val sequential: Double, val parallel: Double, val parallelFresh: Double,
        val sequentialTimes: Double, val parallelTimes: Double, val parallelTimesFresh: Double,
        val words: Long, val distinct: Int, val files: Int,
    )

    private var measured: Pair<Scale, Figures>? = null

    @Synchronized
    fun figures(scale: Scale): Figures {
        measured?.let { (at, figures) -> if (at == scale) return figures }
        return measure(scale).also { measured = scale to it }
    }

    private fun measure(scale: Scale): Figures {
        val all = WordCount.corpus(WordCount.pythonStdlib())
        val files = if (scale.quick()) all.subList(0, maxOf(2, all.size / 10)) else all
        val times = List(TIMES) { files }.flatten()
        val expected = WordCount.sequential(files) // also warms this JVM's counting and merging
        val (warm, _) = parallelOnce(files)
        check(warm == expected) { "flagship: parallel(2) and one thread disagree" }
        val reps = scale.reps()
        val seq = DoubleArray(reps)
        val par = DoubleArray(reps)
        val parFresh = DoubleArray(reps)
        val seqTimes = DoubleArray(reps)
        val parTimes = DoubleArray(reps)
        val parTimesFresh = DoubleArray(reps)
        var last = expected
        for (r in 0 until reps) {
            // alternate which goes first, so that neither always follows the other's garbage
            val steps = listOf(
                { seq[r] = sequentialOnce(files) },
                { parallelOnce(files).let { (total, s) -> last = total; par[r] = s } },
                { seqTimes[r] = sequentialOnce(times) },
                { parTimes[r] = parallelOnce(times).second },
                { IdleWorkers.release(); parFresh[r] = parallelOnce(files).second },
                { IdleWorkers.release(); parTimesFresh[r] = parallelOnce(times).second },
            )
            (if (r % 2 == 0) steps else steps.reversed()).forEach { it() }
        }
        check(last == expected) { "flagship: parallel(2) and one thread disagree" }
        val figures = Figures(Measure.median(seq), Measure.median(par), Measure.median(parFresh),
            Measure.median(seqTimes), Measure.median(parTimes), Measure.median(parTimesFresh),
            WordCount.words(last), last.size, files.size)
        System.err.printf("flagship: %,d files, sequential %.3f s, parallel(2) %.3f s (fresh workers %.3f s); " +
            "x%d: sequential %.3f s, parallel(2) %.3f s (fresh workers %.3f s)%n",
            files.size, figures.sequential, figures.parallel, figures.parallelFresh,
            TIMES, figures.sequentialTimes, figures.parallelTimes, figures.parallelTimesFresh)
        return figures
    }

    private fun sequentialOnce(files: List<String>): Double {
        val start = System.nanoTime()
        val total = WordCount.sequential(files)
        check(total.isNotEmpty())
        return (System.nanoTime() - start) / 1e9
    }

    /** The flagship as a user writes it; the clock runs from before `parallel` to the merged result. */
    private fun parallelOnce(files: List<String>): Pair<HashMap<String, Int>, Double> = runBlocking {
        val start = System.nanoTime()
        val total = HashMap<String, Int>()
        parallel(processes = 2) {
            map(files) { file -> WordCount.count(file) }.collect { counts -> WordCount.merge(total, counts) }
        }
        total to (System.nanoTime() - start) / 1e9
    }
}
