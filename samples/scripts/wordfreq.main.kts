@file:CompilerOptions("-jvm-target", "17")

// Word frequencies over text files, one file per task, in worker JVMs.
//
// The task below is a lambda of this script: its class exists only in the memory of the JVM that
// compiled the script. The workers do not have it; they ask this process for it when they first
// need it, so a script needs no build step to use child processes.
//
// Run from the repository root (README, "Kotlin scripts"):
//   java -Dkotlin.main.kts.compiled.scripts.cache.dir= -cp "$(cat samples/target/script-classpath.txt)" \
//     org.jetbrains.kotlin.cli.jvm.K2JVMCompiler \
//     -no-stdlib -no-reflect -cp "$(cat samples/target/script-classpath.txt)" \
//     -script samples/scripts/wordfreq.main.kts samples/scripts/texts

import dev.multiproc.dsl.map
import dev.multiproc.dsl.parallel
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import java.io.File
import kotlin.system.exitProcess

/** What one worker found in one file. An object, not a script-level function: a task must not capture the script. */
object WordCount {
    private val WORD = Regex("[\\p{L}']+")

    fun count(file: File): Map<String, Int> =
        WORD.findAll(file.readText().lowercase()).map { it.value }.groupingBy { it }.eachCount()
}

if (args.isEmpty()) {
    System.err.println("usage: wordfreq.main.kts DIR|FILE...")
    exitProcess(2)
}
val files = args.map(::File)
    .flatMap { if (it.isDirectory) it.walk().filter { f -> f.isFile && f.extension == "txt" }.toList() else listOf(it) }
    .sortedBy { it.path }

val perFile: List<Map<String, Int>> = runBlocking {
    parallel(processes = 2) {
        map(files, chunkSize = 1) { file -> WordCount.count(file) }.toList()
    }
}

val totals = HashMap<String, Int>()
perFile.forEach { counts -> counts.forEach { (word, n) -> totals.merge(word, n, Int::plus) } }
println("${files.size} files, ${totals.values.sum()} words")
totals.entries.sortedWith(compareBy({ -it.value }, { it.key })).take(5).forEach { (word, n) -> println("%4d %s".format(n, word)) }
