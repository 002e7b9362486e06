package dev.multiproc.dsl

import dev.multiproc.MultiprocessingContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Marks the receivers of the multiproc DSL, so that a nested block cannot call an outer
 * receiver's members by accident (Kotlin's `@DslMarker`).
 */
@DslMarker
public annotation class MultiprocDsl

/**
 * The settings of the pool behind a `parallel { }` block, set in its `configure` lambda.
 *
 * ```kotlin
 * parallel(processes = 4, configure = {
 *     jvmOptions("-Xmx256m")
 *     taskTimeout = 30.seconds
 *     maxTasksPerChild = 100
 *     initializer { System.setProperty("role", "worker") }
 * }) {
 *     map(files) { f -> wordCount(f) }.toList()
 * }
 * ```
 */
@MultiprocDsl
public class PoolSpec internal constructor(processes: Int, backend: Backend) {
    /** The number of workers (processes or threads); at least 1. */
    public var processes: Int = processes
        set(value) {
            require(value >= 1) { "processes < 1: $value" }
            field = value
        }

    /** Where tasks run: [Backend.Processes] (default) or [Backend.Threads]. */
    public var backend: Backend = backend

    /**
     * A task running longer than this fails with `dev.multiproc.pool.TaskTimeoutException` and its
     * worker is killed and replaced (processes backend only; the threads backend interrupts the
     * thread). For a chunk of `map`, the chunk gets this much per item. Null: no limit.
     */
    public var taskTimeout: Duration? = null
        set(value) {
            require(value == null || value.isPositive()) { "taskTimeout must be positive: $value" }
            field = value
        }

    /**
     * Replace a worker JVM after this many tasks (a chunk of `map` counts as one); null, the
     * default, keeps them. Like Python's `maxtasksperchild`, 0 is rejected.
     */
    public var maxTasksPerChild: Int? = null
        set(value) {
            require(value == null || value > 0) { "maxTasksPerChild must be positive: $value" }
            field = value
        }

    /**
     * How many tasks (chunks of `map`) a `map` or `mapUnordered` keeps running at once unless the
     * call says otherwise; 0, the default, means [processes].
     */
    public var concurrency: Int = 0
        set(value) {
            require(value >= 0) { "concurrency < 0: $value" }
            field = value
        }

    /**
     * How long the block's worker JVMs stay alive, idle and warm, after the block ends, for the
     * next `parallel` block with the same settings (processes, timeouts, JVM options, environment,
     * context, initializer) to take them instead of starting new ones: starting a worker costs
     * hundreds of milliseconds and its JIT needs a while more to get fast, which a loop around
     * `parallel`, or a service running a block per request, should pay once. Default 60 seconds,
     * the keep-alive of `Dispatchers.IO`'s threads. [Duration.ZERO]: the workers are terminated
     * when the block ends, and `parallel` returns once they have exited.
     *
     * Kept workers are reused as they are: what a task left in a worker's static state is still
     * there for the next block's tasks, as it is for the next task of the same block. A block
     * whose caller was cancelled does not keep its workers; [IdleWorkers.release] ends the kept
     * ones at once; and they are terminated when this JVM exits. The threads backend has nothing
     * to keep and ignores it.
     */
    public var keepAlive: Duration = 60.seconds
        set(value) {
            require(!value.isNegative()) { "keepAlive must not be negative: $value" }
            field = value
        }

    /**
     * How worker JVMs start, when more than [jvmOptions] and [environment] is needed (standby
     * JVMs, classpath). When set, [jvmOptions] and [environment] are added to it.
     */
    public var context: MultiprocessingContext? = null

    internal val jvmOptions: MutableList<String> = mutableListOf()
    internal val environment: MutableMap<String, String> = linkedMapOf()
    internal var initializer: Work<Unit>? = null

    /** JVM options for every worker JVM, after the defaults (e.g. `"-Xmx256m"`, `"-Dkey=value"`). */
    public fun jvmOptions(vararg options: String) {
        jvmOptions += options
    }

    /** An environment variable for every worker JVM. */
    public fun environment(name: String, value: String) {
        environment[name] = value
    }

    /** Runs once in each worker before its first task (Python's `initializer`). */
    public fun initializer(work: Work<Unit>) {
        initializer = work
    }

    override fun toString(): String =
        "PoolSpec(processes=$processes, backend=$backend, taskTimeout=$taskTimeout, maxTasksPerChild=$maxTasksPerChild, " +
            "concurrency=$concurrency, keepAlive=$keepAlive, jvmOptions=$jvmOptions)"
}
