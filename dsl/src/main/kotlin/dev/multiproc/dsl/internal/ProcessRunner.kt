package dev.multiproc.dsl.internal

import dev.multiproc.ChildProcess
import dev.multiproc.MultiprocessingContext
import dev.multiproc.RemoteException
import dev.multiproc.SerializableCallable
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.dsl.spi.MapCall
import dev.multiproc.dsl.spi.MapInput
import dev.multiproc.dsl.spi.ProcessControl
import dev.multiproc.dsl.spi.ProcessTarget
import dev.multiproc.pool.AsyncResult
import dev.multiproc.pool.ImapOptions
import dev.multiproc.pool.Pool
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.future.await
import kotlinx.coroutines.isActive
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.toJavaDuration

/**
 * The [Engine] on a [Pool] of worker JVMs. A task is `applyAsync` of a named callable; its
 * completion callback resumes the caller, and cancelling the caller cancels the task with
 * `mayInterruptIfRunning`, which kills the worker running it (the pool replaces it). A `map` is
 * one streaming job of the pool (see StreamedMap.kt).
 */
internal class ProcessRunner private constructor(
    private val pool: Pool,
    private val ownContext: MultiprocessingContext?,
    private val context: MultiprocessingContext?,
    /** False for a pool the caller lent to the block: released, it is left running. */
    private val ownsPool: Boolean = true,
    /** Under which settings the pool is kept for the next block when this one ends, and how long; null: terminated. */
    private val keepAs: Pair<KeptPoolKey, Duration>? = null,
) : Engine {
    private val released = AtomicBoolean()

    override val workers: Int get() = pool.processes()
    override val serializes: Boolean get() = true

    override suspend fun run(call: SerializableCallable<Any?>, label: String): Any? = suspendCancellableCoroutine { cont ->
        checkNotReleased(label)
        val result: AsyncResult<Any?> = try {
            pool.applyAsync(label, RunCall, call,
                Consumer { value -> cont.resume(value) },
                Consumer { failure -> cont.resumeWithException(taskFailure(failure, label, "in a worker")) })
        } catch (e: IllegalStateException) {
            throw if (released.get()) releasedError(label) else e
        }
        // A result that arrives after cancellation is dropped by the continuation.
        cont.invokeOnCancellation { result.cancel(true) }
    }

    /**
     * One streaming job of the pool over the call's input: cut into chunks by the pool (fixed
     * sizes) or already chunks. The pool's `maxWorkers` and `maxAhead` are the contract's
     * `concurrency` and `readAhead`.
     */
    override fun map(call: MapCall): Flow<Any?> {
        val options = (if (call.ordered) ImapOptions.ordered() else ImapOptions.unordered())
            .name(call.name)
            .maxWorkers(if (call.concurrency < pool.processes()) call.concurrency else 0)
            .maxAhead(call.readAhead)
        val open = { input: PoolInput<*> ->
            checkNotReleased(call.name)
            try {
                pool.imap(call.function, Iterable<Any?> { input }, if (input.chunkSize > 0) options.chunksize(input.chunkSize) else options)
            } catch (e: IllegalStateException) {
                throw if (released.get()) releasedError(call.name) else e
            }
        }
        return when (val input = call.input) {
            is MapInput.Items -> resultsFlow(call.name, open) {
                val items = input.iterator()
                if (input.chunkSize > 0) FixedChunks(items, input.chunkSize) else GrowingChunks(items)
            }
            is MapInput.Emitted -> resultsFlow(call.name, open) { scope -> FlowChunks().also { it.feed(scope, input.chunks()) } }
        }
    }

    override suspend fun startProcess(name: String, target: ProcessTarget): ProcessControl {
        val child = (context ?: dev.multiproc.Multiprocessing.defaultContext()).process(WorkRunnable(target.encoded!!))
        child.name = name
        child.isDaemon = true // a child never outlives the parent, whatever happens to the block
        createOrRelease({ child.start() }, { child.kill(); child.join(java.time.Duration.ofSeconds(10)) })
        return ChildControl(child)
    }

    /** A lent pool outlives the block, so its own checks cannot tell that the block has ended. */
    private fun checkNotReleased(label: String) {
        if (released.get()) {
            throw releasedError(label)
        }
    }

    /**
     * Terminates the pool, or keeps it warm for the next block (see [KeptPools]) when the block
     * asked for that, its caller was not cancelled (a cancelled caller wants its work stopped, not
     * workers left behind) and the pool is not broken (the next block would fail on it).
     */
    override suspend fun release() {
        if (released.compareAndSet(false, true) && ownsPool) {
            val keep = keepAs
            if (keep != null && currentCoroutineContext().isActive && !pool.isBroken) {
                KeptPools.park(keep.first, pool, ownContext, keep.second)
            } else {
                withContext(NonCancellable + Dispatchers.IO) { terminate(pool, ownContext) }
            }
        }
    }

    /** A `process { }` child: a [ChildProcess]. */
    private class ChildControl(private val child: ChildProcess) : ProcessControl {
        override val pid: Long? get() = child.pid()
        override val exitCode: Int? get() = child.exitCode()
        override val exception: RemoteException? get() = child.exception()

        /**
         * `await()` cancels the future it waits on when the waiter is cancelled; the child's
         * `onExit()` future ignores that (the core makes it so), so the child still looks alive
         * and can be stopped.
         */
        override suspend fun awaitExit() {
            child.onExit().await()
        }

        /** SIGTERM, then SIGKILL when the child is still alive after the grace period. */
        override fun terminate() {
            child.terminate()
        }

        override fun kill() {
            child.kill()
        }
    }

    companion object {
        /** How long a child told to stop (SIGTERM) gets before it is killed. */
        val STOP_GRACE = 500.milliseconds

        /** A runner on a pool kept by an earlier block with the same settings, or on a new one. */
        suspend fun start(spec: PoolSpec): ProcessRunner {
            val initializer = spec.initializer?.let { TaskEncoding.encode(it, "initializer") }
            val keepAs = if (spec.keepAlive.isPositive()) KeptPoolKey.of(spec, initializer) to spec.keepAlive else null
            keepAs?.let { KeptPools.take(it.first) }?.let { (pool, ownContext) ->
                return ProcessRunner(pool, ownContext, ownContext ?: spec.context, keepAs = keepAs)
            }
            val ownContext = if (spec.jvmOptions.isEmpty() && spec.environment.isEmpty()) null else contextOf(spec)
            val context = ownContext ?: spec.context
            val builder = Pool.builder()
                .processes(spec.processes)
                .taskTimeout(spec.taskTimeout?.toJavaDuration())
                .context(context)
            spec.maxTasksPerChild?.let { builder.maxTasksPerChild(it) }
            initializer?.let { builder.initializer(WorkRunnable(it)) }
            val pool = try {
                createOrRelease({ builder.build() }, { terminate(it, ownContext) })
            } catch (e: Throwable) {
                ownContext?.close()
                throw e
            }
            return ProcessRunner(pool, ownContext, context, keepAs = keepAs)
        }

        /** Terminates [pool], waiting until every worker has exited, then closes the block's own context. */
        private fun terminate(pool: Pool, ownContext: MultiprocessingContext?) {
            pool.terminate()
            ownContext?.close()
        }

        /** A runner on [pool], which the caller owns: releasing the runner leaves the pool running. */
        fun borrow(pool: Pool): ProcessRunner = ProcessRunner(pool, null, null, ownsPool = false)

        private fun contextOf(spec: PoolSpec): MultiprocessingContext {
            val base = spec.context
            val builder = base?.toBuilder() ?: MultiprocessingContext.builder()
            val options = (base?.jvmOptions() ?: MultiprocessingContext.DEFAULT_JVM_OPTIONS) + spec.jvmOptions
            return builder.jvmOptions(options).environment(spec.environment).build()
        }
    }
}

/** Stops a child: SIGTERM (or interrupt), then a kill when it is still alive after [ProcessRunner.STOP_GRACE]. */
internal suspend fun ProcessControl.stop() {
    withContext(NonCancellable) {
        terminate()
        if (withTimeoutOrNull(ProcessRunner.STOP_GRACE) { awaitExit() } == null) {
            kill()
            awaitExit()
        }
    }
}
