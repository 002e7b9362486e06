package dev.multiproc.dsl.internal

import dev.multiproc.ChildProcess
import dev.multiproc.MultiprocessingContext
import dev.multiproc.RemoteException
import dev.multiproc.SerializableCallable
import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.pool.AsyncResult
import dev.multiproc.pool.ImapOptions
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import dev.multiproc.pool.Pool
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.future.await
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.toJavaDuration

/**
 * Tasks on a [Pool] of worker JVMs. A task is `applyAsync` of a named callable; its completion
 * callback resumes the caller, and cancelling the caller cancels the task with
 * `mayInterruptIfRunning`, which kills the worker running it (the pool replaces it).
 */
internal class ProcessRunner private constructor(
    private val pool: Pool,
    private val ownContext: MultiprocessingContext?,
    private val context: MultiprocessingContext?,
    /** False for a pool the caller lent to the block: released, it is left running. */
    private val ownsPool: Boolean = true,
) : TaskRunner {
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
     * `map` and `mapUnordered` as one streaming job of the pool over [input] (cut into chunks by
     * the pool, or already chunks): at most [concurrency] workers run its chunks, and the input is
     * read at most [READ_AHEAD_PER_WORKER]` * concurrency` chunks ahead of the collector.
     */
    fun <R> map(
        input: () -> MapInput<*>,
        feed: (CoroutineScope, MapInput<*>) -> Unit,
        function: SerializableFunction<Any?, Any?>,
        resultCodec: PayloadCodec,
        ordered: Boolean,
        concurrency: Int,
        call: String,
    ): Flow<R> {
        val options = (if (ordered) ImapOptions.ordered() else ImapOptions.unordered())
            .name(call)
            .maxWorkers(if (concurrency < pool.processes()) concurrency else 0)
            .maxAhead(READ_AHEAD_PER_WORKER * concurrency)
        return resultsFlow({
            checkNotReleased(call)
            val items = input()
            val results = try {
                pool.imap(function, Iterable<Any?> { items }, if (items.chunkSize > 0) options.chunksize(items.chunkSize) else options)
            } catch (e: IllegalStateException) {
                throw if (released.get()) releasedError(call) else e
            }
            results to items
        }, feed, resultCodec, call)
    }

    override suspend fun startProcess(name: String, target: ProcessTarget): ProcessControl {
        val child = (context ?: dev.multiproc.Multiprocessing.defaultContext()).process(WorkRunnable(target.encoded!!))
        child.name = name
        child.isDaemon = true // a child never outlives the parent, whatever happens to the block
        withContext(Dispatchers.IO) { child.start() }
        return ChildControl(child)
    }

    /** A lent pool outlives the block, so its own checks cannot tell that the block has ended. */
    private fun checkNotReleased(label: String) {
        if (released.get()) {
            throw releasedError(label)
        }
    }

    override suspend fun release() {
        if (released.compareAndSet(false, true) && ownsPool) {
            withContext(NonCancellable + Dispatchers.IO) {
                pool.terminate() // waits until every worker has exited
                ownContext?.close()
            }
        }
    }

    /** A `process { }` child: a [ChildProcess]. */
    private class ChildControl(private val child: ChildProcess) : ProcessControl {
        override val pid: Long? get() = child.pid()
        override val exitCode: Int? get() = child.exitCode()
        override val exception: RemoteException? get() = child.exception()

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
        /**
         * Chunks of a `map` read ahead of its collector, per worker: the core's own `imap` bound, and
         * as many chunks as a `Collection` is cut into by default, so such a map is dispatched
         * whole, as `imap` is. With 2 per worker, the last chunks waited until the collector had
         * taken the first ones (a wake-up of the collector and one of the dispatcher between each),
         * and workers idled in between: 1.2-1.6x the time of `imap` over the same chunks.
         */
        const val READ_AHEAD_PER_WORKER = 4

        /** How long a child told to stop (SIGTERM) gets before it is killed. */
        val STOP_GRACE = 500.milliseconds

        suspend fun start(spec: PoolSpec): ProcessRunner {
            val ownContext = if (spec.jvmOptions.isEmpty() && spec.environment.isEmpty()) null else contextOf(spec)
            val context = ownContext ?: spec.context
            val builder = Pool.builder()
                .processes(spec.processes)
                .taskTimeout(spec.taskTimeout?.toJavaDuration())
                .context(context)
            spec.maxTasksPerChild?.let { builder.maxTasksPerChild(it) }
            spec.initializer?.let { builder.initializer(WorkRunnable(TaskEncoding.encode(it, "initializer"))) }
            val pool = try {
                withContext(Dispatchers.IO) { builder.build() }
            } catch (e: Throwable) {
                ownContext?.close()
                throw e
            }
            return ProcessRunner(pool, ownContext, context)
        }

        /** A runner on [pool], which the caller owns: releasing the runner leaves the pool running. */
        fun borrow(pool: Pool): ProcessRunner = ProcessRunner(pool, null, null, ownsPool = false)

        private fun contextOf(spec: PoolSpec): MultiprocessingContext {
            val base = spec.context
            val builder = base?.toBuilder() ?: MultiprocessingContext.builder()
            val options = (base?.jvmOptions() ?: MultiprocessingContext.DEFAULT_JVM_OPTIONS) + spec.jvmOptions
            return builder.jvmOptions(options).environment(spec.environment).build()
        }

        fun releasedError(label: String) = IllegalStateException(
            "cannot run $label: the pool of its parallel { } block was released when the block ended; " +
                "collect flows and await tasks inside the block")
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
