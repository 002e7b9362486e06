package dev.multiproc.cluster.dsl

import dev.multiproc.SerializableCallable
import dev.multiproc.cluster.ClusterPool
import dev.multiproc.cluster.ClusterResult
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.dsl.spi.MapCall
import dev.multiproc.dsl.spi.ProcessControl
import dev.multiproc.dsl.spi.ProcessTarget
import dev.multiproc.dsl.spi.chunkTask
import dev.multiproc.dsl.spi.runInChunks
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * The [Engine] on a [ClusterPool]. A task is one `applyAsync` on the cluster whose completion
 * callback resumes the caller (no thread waits for it); cancelling the caller cancels the call,
 * and the member running it kills the child JVM it runs in. A `map` runs each chunk as one such
 * task ([runInChunks]), so the cluster's scheduler places every chunk on the idlest member and
 * runs it again elsewhere when its member leaves, delivering its results once.
 *
 * Failures come as the pool reports them: a task that threw as a `RemoteException` naming the
 * task ("task 0 of chunk 3 (8 items) of map() failed on member ..."), a lost member as
 * `MemberLostException`, a timeout as `TaskTimeoutException`.
 *
 * No class of this package runs on a member (what ships is the DSL's task and the pool's own Java
 * adapter): a member's class path has multiproc's jars and no Kotlin.
 */
internal class ClusterEngine(private val pool: ClusterPool, private val ownsPool: Boolean) : Engine {
    private val released = AtomicBoolean()

    override val workers: Int get() = maxOf(1, pool.processes())
    override val serializes: Boolean get() = true

    override suspend fun run(call: SerializableCallable<Any?>, label: String): Any? = suspendCancellableCoroutine { cont ->
        checkNotReleased(label)
        val result: ClusterResult<Any?> = try {
            pool.applyAsync(label, call, Consumer { value -> cont.resume(value) }, Consumer { failure -> cont.resumeWithException(failure) })
        } catch (e: IllegalStateException) {
            throw if (released.get()) releasedError(label) else e
        }
        // a result that arrives after cancellation is dropped by the continuation
        cont.invokeOnCancellation { result.cancel(true) }
    }

    override fun map(call: MapCall): Flow<Any?> = flow {
        checkNotReleased(call.name)
        emitAll(call.runInChunks { chunk, number ->
            @Suppress("UNCHECKED_CAST")
            run(call.chunkTask(chunk), "chunk $number (${chunk.size} items) of ${call.name}") as List<Any?>
        })
    }

    override suspend fun startProcess(name: String, target: ProcessTarget): ProcessControl =
        throw UnsupportedOperationException("process { } ($name) cannot run on a cluster, which runs tasks, not children: " +
            "use run { } or async { } there, or a parallel { } block on Backend.Processes for children")

    override suspend fun release() {
        if (released.compareAndSet(false, true) && ownsPool) {
            withContext(NonCancellable + Dispatchers.IO) { pool.terminate() }
        }
    }

    /** A lent pool outlives the block, so its own checks cannot tell that the block has ended. */
    private fun checkNotReleased(label: String) {
        if (released.get()) throw releasedError(label)
    }

    private fun releasedError(label: String) = IllegalStateException(
        "cannot run $label: the cluster pool of its parallel { } block was released when the block ended; " +
            "collect flows and await tasks inside the block")
}
