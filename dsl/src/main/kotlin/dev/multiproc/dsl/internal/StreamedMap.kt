package dev.multiproc.dsl.internal

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.Task
import dev.multiproc.internal.codec.StandardCodec
import dev.multiproc.internal.pool.ChunkedInput
import dev.multiproc.internal.pool.ReadyInput
import dev.multiproc.pool.ImapIterator
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume

/*
 * `map` on the processes backend: one streaming job of the core (`Pool.imap`) whose chunks are
 * the DSL's chunks. The pool's dispatcher thread reads the input lazily and packs each chunk's
 * items in one block (the core's packed chunk encoding: one type for the whole chunk when the
 * items allow it), and keeps short chunks queued at each worker, so a worker never waits for a
 * round trip; a reader coroutine on Dispatchers.IO takes results a chunk at a time, so the
 * collector does not hop threads per item.
 */

/** The pool's function for one `map` call: the task on one item, through the call's codecs. */
internal class MapItem(
    private val task: ByteArray,
    private val itemCodec: PayloadCodec,
    private val resultCodec: PayloadCodec,
) : SerializableFunction<Any?, Any?> {
    /** The task, decoded once per worker (the worker keeps this function for the whole call). */
    @Transient
    private var decoded: Task<Any?, Any?>? = null

    override fun apply(item: Any?): Any? {
        @Suppress("UNCHECKED_CAST")
        val fn = decoded ?: (StandardCodec.INSTANCE.decode(task) as Task<Any?, Any?>).also { decoded = it }
        return resultCodec.encode(fn.run(itemCodec.decode(item)))
    }

    override fun toString(): String = "MapItem"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * The input of a streamed `map`: each element a chunk ([ChunkedInput]) of encoded items;
 * remembers what the user's input threw, to rethrow it as it is.
 */
internal abstract class ChunkInput : Iterator<List<Any?>>, ChunkedInput {
    @Volatile
    var failure: Throwable? = null
        protected set
}

/**
 * Chunks of an `Iterable` or `Sequence`, read on the pool's dispatcher thread as chunks are
 * dispatched. [size] 0 means growing sizes, as [Chunking.ofIterator].
 */
internal class IteratorChunks(private val items: Iterator<*>, private val size: Int, private val codec: PayloadCodec) : ChunkInput() {
    private var next = if (size > 0) size else 1

    override fun hasNext(): Boolean = guard { items.hasNext() }

    override fun next(): List<Any?> = guard {
        val chunk = ArrayList<Any?>(minOf(next, 1 shl 16)) // sized once for chunks up to 65,536 items
        if (codec === Direct) {
            while (chunk.size < next && items.hasNext()) chunk += items.next()
        } else {
            while (chunk.size < next && items.hasNext()) chunk += codec.encode(items.next())
        }
        if (size == 0 && next < Chunking.MAX_GROWN) next *= 2
        chunk
    }

    private inline fun <V> guard(read: () -> V): V = try {
        read()
    } catch (e: Throwable) {
        failure = e
        throw e
    }
}

/**
 * Chunks of a `Flow`, collected by a coroutine of the collector ([feed]) into a small channel;
 * the dispatcher takes them only when one is there ([ReadyInput]), so a slow flow never holds up
 * the pool's other work.
 */
internal class FlowChunks(private val codec: PayloadCodec) : ChunkInput(), ReadyInput {
    private val channel = Channel<List<Any?>>(2)
    private var peeked: List<Any?>? = null
    private var ended = false
    private var endCause: Throwable? = null

    @Volatile
    private var wake: Runnable? = null

    override fun onReady(wake: Runnable) {
        this.wake = wake
    }

    /** Collects [chunks] into the channel, waking the dispatcher after each. */
    fun feed(scope: CoroutineScope, chunks: Flow<List<Any?>>) = scope.launch {
        try {
            chunks.collect { chunk ->
                channel.send(if (codec === Direct) chunk else chunk.map(codec::encode))
                wake?.run()
            }
            channel.close()
        } catch (e: Throwable) {
            channel.close(e)
        } finally {
            wake?.run()
        }
    }

    @Synchronized
    override fun ready(): Boolean {
        if (peeked == null && !ended) take(channel.tryReceive())
        return peeked != null || ended
    }

    @Synchronized
    override fun hasNext(): Boolean {
        if (peeked == null && !ended) {
            take(runBlocking { channel.receiveCatching() }) // only when called without ready(): wait for the flow
        }
        if (peeked != null) return true
        endCause?.let { failure = it; throw it }
        return false
    }

    @Synchronized
    override fun next(): List<Any?> {
        if (!hasNext()) throw NoSuchElementException("no more chunks")
        val value = peeked!!
        peeked = null
        return value
    }

    private fun take(result: kotlinx.coroutines.channels.ChannelResult<List<Any?>>) {
        when {
            result.isSuccess -> peeked = result.getOrThrow()
            result.isClosed -> {
                ended = true
                endCause = result.exceptionOrNull()
            }
        }
    }
}

/**
 * The flow of results of [results] (an `imap` over the call's chunks); [start] launches what feeds
 * the input, if anything. The collector takes each chunk's results itself when they are there and
 * suspends (no thread waits) until the pool's reader says the next ones are: one wake-up per
 * chunk, no hand-off through another thread. On failure or cancellation of the collector, the
 * job is cancelled and the workers running its chunks are killed.
 */
internal fun <R> resultsFlow(
    open: () -> Pair<ImapIterator<Any?>, ChunkInput>,
    start: (CoroutineScope, ChunkInput) -> Unit,
    resultCodec: PayloadCodec,
    call: String,
): Flow<R> = ResultsFlow { collector -> collectResults(collector, open, start, resultCodec, call) }

/**
 * A flow that hands each result straight to its collector. `flow { }` checks, on every emit, that
 * the collector's context has not changed: per result that was a measurable part of a map of
 * 20,000 trivial tasks. Here every emit happens in [collect]'s own coroutine, so the check can
 * only pass.
 */
private class ResultsFlow<R>(private val body: suspend (FlowCollector<R>) -> Unit) : Flow<R> {
    override suspend fun collect(collector: FlowCollector<R>) = body(collector)
}

private suspend fun <R> collectResults(
    collector: FlowCollector<R>,
    open: () -> Pair<ImapIterator<Any?>, ChunkInput>,
    start: (CoroutineScope, ChunkInput) -> Unit,
    resultCodec: PayloadCodec,
    call: String,
) {
    val (results, input) = open()
    coroutineScope {
        start(this, input)
        try {
            while (true) {
                awaitReady(results)
                val values = try {
                    if (!results.hasNext()) break // answers at once: the stream is ready
                    results.nextChunk()
                } catch (failure: Throwable) {
                    throw if (failure === input.failure) failure else taskFailure(failure, "a task of $call", "in a worker")
                }
                // by index: the chunk is a read-only view of the pool's array, whose iterator is a
                // chain of three wrappers (measured: a quarter of the DSL's time per result)
                val count = values.size
                if (resultCodec === Direct) {
                    @Suppress("UNCHECKED_CAST")
                    for (i in 0 until count) collector.emit(values[i] as R)
                } else {
                    @Suppress("UNCHECKED_CAST")
                    for (i in 0 until count) collector.emit(resultCodec.decode(values[i]) as R)
                }
            }
        } catch (e: Throwable) {
            results.cancel(true) // kills the workers still running chunks
            throw e
        }
    }
}

/** Suspends until [results] can answer `hasNext()` without blocking. */
private suspend fun awaitReady(results: ImapIterator<Any?>) {
    suspendCancellableCoroutine { cont ->
        // a resume after cancellation is ignored; the caller's catch cancels the job
        if (!results.onReady { cont.resume(Unit) }) cont.resume(Unit)
    }
}
