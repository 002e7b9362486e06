package dev.multiproc.dsl

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred

/**
 * The receiver of a [parallel] block: a [CoroutineScope] with a pool of workers behind it.
 *
 * ```kotlin
 * parallel(processes = 4) {
 *     val squares = map(1..100) { x -> x * x }.toList()       // a cold Flow, input order
 *     val pid = run { ProcessHandle.current().pid() }          // one task, awaited
 *     val later = async { expensive() }                        // one task, concurrently
 *     val child = process { println("one child process") }    // Python's Process
 *     child.join()
 *     later.await()
 * }
 * ```
 *
 * `map` and `mapUnordered` are extension functions ([map], [mapUnordered]); the primitives
 * (locks, events, shared values) have suspending extensions in this package.
 *
 * ### Shadowing
 * [run] and [async] are members, so inside the block they take precedence over the standard
 * library's `run` and over `CoroutineScope.async`. For a coroutine of this JVM, write
 * `coroutineScope { async { ... } }` or `launch { }`.
 */
@MultiprocDsl
public sealed interface ParallelScope : CoroutineScope {
    /** The number of workers. */
    public val processes: Int

    /** Where tasks run. */
    public val backend: Backend

    /**
     * Runs [work] on a worker and returns its result. Cancelling the caller kills the worker
     * running it (processes backend). A failure is rethrown as a `dev.multiproc.RemoteException`
     * whose cause is the task's exception with the worker's stack trace.
     */
    public suspend fun <R> run(work: Work<R>): R

    /**
     * Starts [work] on a worker and returns its result to come, as a child of this scope: a
     * failure cancels the block and the other tasks (unless the block is a [supervisorParallel]).
     * The lambda is checked for serializability here, at the call.
     */
    public fun <R> async(work: Work<R>): Deferred<R>

    /**
     * Starts one child process (a thread on [Backend.Threads]) running [work]; returns once it
     * has started. The block waits for it before it ends; see [ParallelProcess].
     */
    public suspend fun process(name: String? = null, work: Work<Unit>): ParallelProcess
}
