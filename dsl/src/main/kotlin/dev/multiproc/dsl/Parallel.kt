package dev.multiproc.dsl

import dev.multiproc.Multiprocessing
import dev.multiproc.dsl.internal.TaskRunner
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.supervisorScope

/**
 * Runs [block] with a pool of [processes] workers and returns its result; the pool lives exactly
 * as long as the block.
 *
 * ```kotlin
 * val counts: Map<String, Int> = parallel(processes = 4) {
 *     map(files) { file -> wordCount(file) }.toList().reduce(::merge)
 * }
 * ```
 *
 * ### Structured concurrency
 * Like [coroutineScope]: `parallel` returns when the block and everything it started (tasks of
 * [ParallelScope.async], children of [ParallelScope.process], coroutines it launched) have
 * completed. A task that fails cancels the block and its other tasks, and `parallel` rethrows the
 * failure: a `dev.multiproc.RemoteException` whose cause is the task's exception with the stack
 * trace of the worker it ran in. For independent tasks, see [supervisorParallel].
 *
 * ### Cancellation
 * Cancelling the coroutine calling `parallel` (or a coroutine collecting a `map` flow) kills the
 * workers running its tasks at once (the pool replaces them while it lives); children of
 * `process { }` get SIGTERM, then SIGKILL after 500 ms. On [Backend.Threads] cancellation
 * interrupts the threads (see there).
 *
 * ### Release
 * When the block ends, however it ends, the pool is terminated: nothing of it is left running,
 * and `parallel` returns once every worker JVM has exited. A flow of `map` collected after the
 * block fails with [IllegalStateException]. Starting worker JVMs costs hundreds of milliseconds,
 * so prefer one `parallel` around a loop to a loop around `parallel`.
 *
 * @param processes the number of workers; default: the number of CPUs
 * @param backend [Backend.Processes] (child JVMs, default) or [Backend.Threads] (this JVM)
 * @param configure the other settings of the pool; see [PoolSpec]
 */
public suspend fun <R> parallel(
    processes: Int = Multiprocessing.cpuCount(),
    backend: Backend = Backend.Processes,
    configure: PoolSpec.() -> Unit = {},
    block: suspend ParallelScope.() -> R,
): R = runParallel(PoolSpec(processes, backend).apply(configure), supervised = false, block)

/**
 * [parallel] for independent tasks, like [supervisorScope]: a task of
 * [ParallelScope.async] that fails does not cancel the block or the other tasks; its failure is
 * thrown by its `await()` only. A `map` flow still fails as a whole when one of its items fails.
 *
 * ```kotlin
 * val outcomes = supervisorParallel(processes = 2) {
 *     urls.map { url -> async { fetch(url) } }.map { runCatching { it.await() } }
 * }
 * ```
 */
public suspend fun <R> supervisorParallel(
    processes: Int = Multiprocessing.cpuCount(),
    backend: Backend = Backend.Processes,
    configure: PoolSpec.() -> Unit = {},
    block: suspend ParallelScope.() -> R,
): R = runParallel(PoolSpec(processes, backend).apply(configure), supervised = true, block)

private suspend fun <R> runParallel(spec: PoolSpec, supervised: Boolean, block: suspend ParallelScope.() -> R): R {
    val runner = TaskRunner.start(spec)
    try {
        return if (supervised) {
            supervisorScope { ParallelScopeImpl(this, runner, spec).block() }
        } else {
            coroutineScope { ParallelScopeImpl(this, runner, spec).block() }
        }
    } finally {
        runner.release()
    }
}
