package dev.multiproc.dsl.internal

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.Task
import dev.multiproc.pool.ImapIterator
import dev.multiproc.spi.ChunkedInput
import dev.multiproc.spi.ReadyInput
import dev.multiproc.spi.ValueCodec
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

/**
 * The pool's function for a `map` call whose items or results travel through a codec (JSON): the
 * task on one item, between the codecs. A call whose values travel as they are ships the task itself.
 */
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
        val fn = decoded ?: (ValueCodec.decode(task) as Task<Any?, Any?>).also { decoded = it }
        return resultCodec.encode(fn.apply(itemCodec.decode(item)))
    }

    override fun toString(): String = "MapItem"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * The input of a streamed `map`, as the pool's dispatcher thread reads it; remembers what the
 * user's input threw, to rethrow it as it is.
 */
internal abstract class MapInput<E> : Iterator<E> {
    @Volatile
    var failure: Throwable? = null

    /** The chunk size the pool cuts this input into; 0 when each element is a chunk already. */
    open val chunkSize: Int get() = 0
}

/** Runs [read], recording what it throws as the input's failure. */
private inline fun <V> MapInput<*>.guard(read: () -> V): V = try {
    read()
} catch (e: Throwable) {
    failure = e
    throw e
}

/** Each element a chunk ([ChunkedInput]) of encoded items. */
internal abstract class ChunkInput : MapInput<List<Any?>>(), ChunkedInput

/**
 * Items of an `Iterable` or `Sequence` with a fixed chunk size: read one by one and cut into
 * chunks by the pool, as `imap` does, with no list per chunk (building one cost the dispatcher
 * thread a sixth more time per item in a map of 20,000 trivial items).
 */
internal class FixedChunks(private val items: Iterator<*>, override val chunkSize: Int, private val codec: PayloadCodec) :
    MapInput<Any?>() {
    override fun hasNext(): Boolean = guard { items.hasNext() }

    override fun next(): Any? = guard { if (codec === Direct) items.next() else codec.encode(items.next()) }
}

/**
 * Chunks of an `Iterable` or `Sequence` of growing sizes, 1, 2, 4, ... up to
 * [Chunking.MAX_GROWN], as [Chunking.ofIterator] cuts them; read on the pool's dispatcher thread
 * as chunks are dispatched.
 */
internal class GrowingChunks(private val items: Iterator<*>, private val codec: PayloadCodec) : ChunkInput() {
    private var next = 1

    override fun hasNext(): Boolean = guard { items.hasNext() }

    override fun next(): List<Any?> = guard {
        val chunk = ArrayList<Any?>(next)
        while (chunk.size < next && items.hasNext()) chunk += if (codec === Direct) items.next() else codec.encode(items.next())
        if (next < Chunking.MAX_GROWN) next *= 2
        chunk
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
    open: () -> Pair<ImapIterator<Any?>, MapInput<*>>,
    start: (CoroutineScope, MapInput<*>) -> Unit,
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
    open: () -> Pair<ImapIterator<Any?>, MapInput<*>>,
    start: (CoroutineScope, MapInput<*>) -> Unit,
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
                emitChunk(collector, values, resultCodec)
            }
        } catch (e: Throwable) {
            results.cancel(true) // kills the workers still running chunks
            throw e
        }
    }
}

/**
 * Emits one chunk's results. By index, since the chunk is a read-only view of the pool's array;
 * and in a function of its own, so that the loop is compiled on its own, small, rather than as
 * part of [collectResults]'s state machine, and saves only its own few variables around each emit.
 */
private suspend fun <R> emitChunk(collector: FlowCollector<R>, values: List<Any?>, codec: PayloadCodec) {
    val count = values.size
    if (codec === Direct) {
        @Suppress("UNCHECKED_CAST")
        for (i in 0 until count) collector.emit(values[i] as R)
    } else {
        @Suppress("UNCHECKED_CAST")
        for (i in 0 until count) collector.emit(codec.decode(values[i]) as R)
    }
}

/** Suspends until [results] can answer `hasNext()` without blocking. */
private suspend fun awaitReady(results: ImapIterator<Any?>) {
    suspendCancellableCoroutine { cont ->
        // a resume after cancellation is ignored; the caller's catch cancels the job
        if (!results.onReady { cont.resume(Unit) }) cont.resume(Unit)
    }
}
