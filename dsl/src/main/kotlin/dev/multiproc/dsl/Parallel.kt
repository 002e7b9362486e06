package dev.multiproc.dsl

import dev.multiproc.Multiprocessing
import dev.multiproc.dsl.internal.ProcessRunner
import dev.multiproc.dsl.internal.startEngine
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.pool.Pool
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.supervisorScope

/**
 * Runs [block] with a pool of [processes] workers and returns its result.
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
 * When the block ends, its worker JVMs stay alive, idle, for [PoolSpec.keepAlive] (60 s by
 * default), and the next `parallel` with the same settings takes them warm instead of starting
 * new ones: a loop around `parallel` pays the start-up of its workers, hundreds of milliseconds,
 * and their JIT warm-up once. Kept workers end when the keep-alive runs out, at
 * [IdleWorkers.release], or when this JVM exits. With `keepAlive = Duration.ZERO`, or when the
 * caller of `parallel` was cancelled, the pool is terminated instead, and `parallel` returns once
 * every worker JVM has exited. A flow of `map` collected after the block fails with
 * [IllegalStateException].
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

/**
 * [parallel] on a [Pool] the caller owns and keeps: the block borrows the pool's warm workers, and
 * leaving the block leaves the pool running for the next one. Starting worker JVMs costs hundreds
 * of milliseconds, so a program that runs many `parallel` blocks, or mixes the DSL with the core
 * API, creates its pool once.
 *
 * ```kotlin
 * Pool(4).use { pool ->
 *     for (batch in batches) {
 *         val sizes = parallel(pool) { map(batch) { file -> File(file).length() }.toList() }
 *         println(sizes.sum())
 *     }
 * }
 * ```
 *
 * Everything else is as in [parallel]: structured concurrency, a failed task cancelling the block,
 * and cancellation killing the workers that run the block's tasks (the pool replaces them). The
 * pool's own settings (its size, timeouts, initializer, JVM options) are the ones it was built
 * with; `process { }` children use the default context. A flow of `map` collected after the block
 * fails with [IllegalStateException], as it does after [parallel].
 *
 * @param pool a pool that is not closed; the block may run [concurrency] of its workers at once
 * @param concurrency the default `concurrency` of `map`; 0 (default): the pool's size
 */
public suspend fun <R> parallel(pool: Pool, concurrency: Int = 0, block: suspend ParallelScope.() -> R): R =
    runParallel(lentPoolSpec(pool, concurrency), supervised = false, block) { ProcessRunner.borrow(pool) }

/** [supervisorParallel] on a [Pool] the caller owns and keeps; see [parallel] with a pool. */
public suspend fun <R> supervisorParallel(pool: Pool, concurrency: Int = 0, block: suspend ParallelScope.() -> R): R =
    runParallel(lentPoolSpec(pool, concurrency), supervised = true, block) { ProcessRunner.borrow(pool) }

private fun lentPoolSpec(pool: Pool, concurrency: Int): PoolSpec {
    return PoolSpec(pool.processes(), Backend.Processes).also { it.concurrency = concurrency }
}

private suspend fun <R> runParallel(
    spec: PoolSpec,
    supervised: Boolean,
    block: suspend ParallelScope.() -> R,
    start: suspend () -> Engine = { startEngine(spec) },
): R {
    val engine = start()
    try {
        return if (supervised) {
            supervisorScope { ParallelScopeImpl(this, engine, spec).block() }
        } else {
            coroutineScope { ParallelScopeImpl(this, engine, spec).block() }
        }
    } finally {
        engine.release()
    }
}
