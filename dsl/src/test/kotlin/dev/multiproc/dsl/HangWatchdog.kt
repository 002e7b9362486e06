package dev.multiproc.dsl

import io.kotest.core.listeners.AfterTestListener
import io.kotest.core.listeners.BeforeTestListener
import io.kotest.core.test.TestCase
import io.kotest.engine.test.TestResult
import java.io.FileOutputStream
import java.io.FileDescriptor
import java.io.PrintStream
import java.lang.management.ManagementFactory
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executors
import java.util.concurrent.ScheduledFuture
import java.util.concurrent.TimeUnit
import kotlin.streams.toList

/**
 * Ends the test JVM when one test runs far past its own timeout, after printing what every thread
 * of this JVM and of its child JVMs is doing.
 *
 * Why: a spec's timeout cancels coroutines, but a test stuck in blocking code (or in a
 * `withContext` whose blocking body never returns) outlives it, and the suite then hangs until the
 * build is killed from outside, with no word of where. Halting turns that into a fast failure of
 * the module ("the forked VM terminated"), with the dumps on the fork's own standard error and in
 * `target/hang-dump-<pid>.txt`.
 */
object HangWatchdog : BeforeTestListener, AfterTestListener {
    /** Well past the specs' 60 s timeout and the 20 s bounded waits in them. */
    private const val LIMIT_SECONDS = 180L

    private val timer = Executors.newSingleThreadScheduledExecutor { r ->
        Thread(r, "hang-watchdog").apply { isDaemon = true }
    }
    private val armed = ConcurrentHashMap<TestCase, ScheduledFuture<*>>()

    override suspend fun beforeTest(testCase: TestCase) {
        armed[testCase] = timer.schedule({ halt(testCase) }, LIMIT_SECONDS, TimeUnit.SECONDS)
    }

    override suspend fun afterTest(testCase: TestCase, result: TestResult) {
        armed.remove(testCase)?.cancel(false)
    }

    private fun halt(testCase: TestCase) {
        val report = buildString {
            appendLine("HANG: '${testCase.name.name}' of ${testCase.spec::class.simpleName} still runs after $LIMIT_SECONDS s")
            appendLine("== threads of the test JVM (pid ${ProcessHandle.current().pid()})")
            ManagementFactory.getThreadMXBean().dumpAllThreads(true, true).forEach { info ->
                append(info.toString())
                // ThreadInfo.toString() cuts stacks at 8 frames
                info.stackTrace.drop(8).forEach { frame -> appendLine("\tat $frame") }
            }
            ProcessHandle.current().descendants().toList().forEach { child ->
                appendLine("== child ${child.pid()} ${child.info().commandLine().orElse("?").take(200)}")
                appendLine(threadDumpOf(child.pid()))
            }
        }
        runCatching { java.nio.file.Files.writeString(Path.of("target", "hang-dump-${ProcessHandle.current().pid()}.txt"), report) }
        PrintStream(FileOutputStream(FileDescriptor.err), true).use { it.println(report) }
        ProcessHandle.current().descendants().forEach { it.destroyForcibly() }
        Runtime.getRuntime().halt(3)
    }

    /** `jcmd <pid> Thread.print` of the running JDK, bounded: a stuck child must not stall the report. */
    private fun threadDumpOf(pid: Long): String = runCatching {
        val jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString()
        val process = ProcessBuilder(jcmd, pid.toString(), "Thread.print").redirectErrorStream(true).start()
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            "(jcmd did not answer in 20 s)"
        } else {
            process.inputStream.readAllBytes().decodeToString()
        }
    }.getOrElse { "(no thread dump: $it)" }
}
