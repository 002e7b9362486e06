package dev.multiproc.dsl

import dev.multiproc.dsl.spi.Engine

/**
 * Where the tasks of a `parallel { }` block run: the seed articles' "threads or processes?"
 * question as one parameter.
 *
 * ```kotlin
 * import dev.multiproc.dsl.Backend.Threads
 *
 * parallel(processes = 8, backend = Threads) {          // I/O-bound: threads are enough
 *     map(urls) { url -> download(url) }.toList()
 * }
 * ```
 */
public sealed class Backend {
    /**
     * Child JVMs (the default): a pool of warm worker JVMs, true parallelism for CPU-bound work,
     * isolation (a worker that crashes fails only its task), cancellation that kills the worker.
     * Tasks, items and results are serialized.
     */
    public data object Processes : Backend()

    /**
     * Threads of this JVM, like Python's `multiprocessing.dummy`: the same block, no child JVM, no
     * serialization (items and results are passed by reference), for I/O-bound work and fast tests.
     *
     * ### Cancellation
     * Cooperative: cancelling interrupts the thread running the task, which stops a task blocked
     * in `Thread.sleep`, `BlockingQueue.take` or interruptible I/O, but not a busy loop that never
     * checks `Thread.interrupted()`. A thread cannot be killed; use [Processes] when that matters.
     */
    public data object Threads : Backend()

    /**
     * A backend of another module (a cluster, say): it starts the [Engine] of each block, and the
     * block behaves as it does on [Processes], by the contract [Engine] states.
     *
     * ```kotlin
     * fun Backend.Companion.cluster(config: ClusterConfig): Backend = ClusterBackend(config)
     *
     * parallel(backend = Backend.cluster(config)) { map(items) { x -> x * x }.toList() }
     * ```
     */
    public abstract class Custom : Backend() {
        /**
         * Starts the engine of one block with [spec]'s settings. Cancellable; what it has created
         * when it is cancelled, it releases before it returns.
         */
        public abstract suspend fun start(spec: PoolSpec): Engine
    }

    /** For backends of other modules to add factories to, e.g. `Backend.cluster(config)`. */
    public companion object
}
