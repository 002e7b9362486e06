package dev.multiproc.dsl.acceptance

import dev.multiproc.dsl.Backend
import dev.multiproc.shared.SharedLong
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.Serializable
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/*
 * The backend-neutral acceptance suite (acceptance, backPressure, progressAcceptance) runs against
 * every backend, as CPython's _test_multiprocessing.py is re-run per start method: the DSL's specs
 * run it on child JVMs and threads, the cluster module's on a cluster. What a backend may do its
 * own way (where tasks run, how they are stopped, how fast) is stated by its AcceptanceTarget.
 */

/**
 * A long that the test and its tasks share, wherever the tasks run: shared memory on this
 * machine, a cluster's map entry on a cluster. Captured by tasks, so serializable.
 */
interface Counter : Serializable, AutoCloseable {
    fun get(): Long
    fun set(value: Long)
    fun incrementAndGet(): Long
    fun decrementAndGet(): Long
}

/** A backend under the acceptance suite, with what it is allowed to do differently. */
interface AcceptanceTarget {
    /** The backend of every block of the suite. */
    val backend: Backend

    /** Whether tasks run in the test's own JVM (threads) rather than in other JVMs. */
    val runsInTestJvm: Boolean

    /** Whether a stopped task is killed with its JVM (its `finally` does not run) rather than interrupted. */
    val killsTasks: Boolean

    /** Whether tasks are serialized, so that one that cannot be fails at the call. */
    val serializes: Boolean

    /** How long a cancelled collector may take to stop the tasks of its map. */
    val collectorStopsWithin: Duration

    /** How long a cancelled `parallel { }` block may take to stop its running task. */
    val blockStopsWithin: Duration

    /** How many tasks run at once in a block of `parallel(processes = requested)`. */
    fun workers(requested: Int): Int

    /** A new counter at 0; close it when done. */
    fun counter(): Counter
}

/** The backends of this machine: child JVMs, threads, or a custom engine on threads. */
class LocalTarget(override val backend: Backend) : AcceptanceTarget {
    private val processes = backend == Backend.Processes
    override val runsInTestJvm get() = !processes
    override val killsTasks get() = processes
    override val serializes get() = processes
    override val collectorStopsWithin get() = 1.seconds
    // a block returns once its workers have exited
    override val blockStopsWithin get() = if (processes) 3.seconds else 1.seconds
    override fun workers(requested: Int) = requested
    override fun counter(): Counter = SharedCounter(SharedLong())
    override fun toString() = backend.toString()
}

/** A [Counter] in this machine's shared memory. */
class SharedCounter(private val shared: SharedLong) : Counter {
    override fun get() = shared.get()
    override fun set(value: Long) = shared.set(value)
    override fun incrementAndGet() = shared.incrementAndGet()
    override fun decrementAndGet() = shared.decrementAndGet()
    override fun close() = shared.close()
}

fun currentPid(): Long = ProcessHandle.current().pid()

/** Sleeps until interrupted or killed. */
fun sleepForever(): Nothing {
    Thread.sleep(Long.MAX_VALUE)
    error("woke up")
}

/** Polls [condition] every 10 ms for at most 30 s (worker JVMs may be slow to start on a busy machine). */
suspend fun eventually(what: String, condition: () -> Boolean) {
    withTimeout(30.seconds) {
        while (!condition()) delay(10)
    }.also { check(condition()) { what } }
}

/** Waits at most [within] for the process [pid] (one that ran a task) to exit; fails when it has not. */
suspend fun awaitExit(pid: Long, within: Duration) {
    check(pid > 0) { "no pid recorded" }
    withContext(Dispatchers.IO) {
        ProcessHandle.of(pid).ifPresent { it.onExit().get(within.inWholeMilliseconds, TimeUnit.MILLISECONDS) }
    }
}

/** Runs [block] with [n] new counters of [target], and closes them. */
inline fun <T> AcceptanceTarget.withCounters(n: Int, block: (List<Counter>) -> T): T {
    val counters = List(n) { counter() }
    try {
        return block(counters)
    } finally {
        counters.forEach { it.close() }
    }
}
