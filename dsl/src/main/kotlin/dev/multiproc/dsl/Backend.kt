package dev.multiproc.dsl

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
}
