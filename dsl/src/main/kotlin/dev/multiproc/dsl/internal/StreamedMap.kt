package dev.multiproc.dsl.internal

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.Task
import dev.multiproc.internal.codec.StandardCodec
import dev.multiproc.internal.pool.ReadyInput
import dev.multiproc.pool.ImapIterator
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/*
 * `map` on the processes backend: one streaming job of the core (`Pool.imap`) whose items are the
 * DSL's chunks, packed. The pool's dispatcher thread reads and packs the input lazily and keeps
 * short chunks queued at each worker, so a worker never waits for a round trip; a reader
 * coroutine on Dispatchers.IO takes results a chunk at a time, so the collector does not hop
 * threads per item.
 */

/** The pool's function for one `map` call: unpacks a chunk, runs the task on each item, packs the results. */
internal class MapChunk(
    private val task: ByteArray,
    private val itemCodec: PayloadCodec,
    private val resultCodec: PayloadCodec,
) : SerializableFunction<Any, Any> {
    /** The task, decoded once per worker (the worker keeps this function for the whole call). */
    @Transient
    private var decoded: Task<Any?, Any?>? = null

    override fun apply(items: Any): Any {
        @Suppress("UNCHECKED_CAST")
        val fn = decoded ?: (StandardCodec.INSTANCE.decode(task) as Task<Any?, Any?>).also { decoded = it }
        val values = ChunkPacking.unpack(items)
        val out = ArrayList<Any?>(values.size)
        for (item in values) {
            out += resultCodec.encode(fn.run(itemCodec.decode(item)))
        }
        return ChunkPacking.pack(out)
    }

    override fun toString(): String = "MapChunk"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** The input of a streamed `map`: packed chunks; remembers what the user's input threw, to rethrow it as it is. */
internal abstract class ChunkInput : Iterator<Any> {
    @Volatile
    var failure: Throwable? = null
        protected set
}

/**
 * Packed chunks of an `Iterable` or `Sequence`, read on the pool's dispatcher thread as chunks are
 * dispatched. [size] 0 means growing sizes, as [Chunking.ofIterator].
 */
internal class IteratorChunks(private val items: Iterator<*>, private val size: Int, private val codec: PayloadCodec) : ChunkInput() {
    private var next = if (size > 0) size else 1

    override fun hasNext(): Boolean = guard { items.hasNext() }

    override fun next(): Any = guard {
        val chunk = ArrayList<Any?>(minOf(next, 4096))
        while (chunk.size < next && items.hasNext()) {
            chunk += codec.encode(items.next())
        }
        if (size == 0 && next < Chunking.MAX_GROWN) next *= 2
        ChunkPacking.pack(chunk)
    }

    private inline fun <V> guard(read: () -> V): V = try {
        read()
    } catch (e: Throwable) {
        failure = e
        throw e
    }
}

/**
 * Packed chunks of a `Flow`, collected by a coroutine of the collector ([feed]) into a small
 * channel; the dispatcher takes them only when one is there ([ReadyInput]), so a slow flow never
 * holds up the pool's other work.
 */
internal class FlowChunks(private val codec: PayloadCodec) : ChunkInput(), ReadyInput {
    private val channel = Channel<Any>(2)
    private var peeked: Any? = null
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
                val encoded = ArrayList<Any?>(chunk.size)
                for (item in chunk) encoded += codec.encode(item)
                channel.send(ChunkPacking.pack(encoded))
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
    override fun next(): Any {
        if (!hasNext()) throw NoSuchElementException("no more chunks")
        val value = peeked!!
        peeked = null
        return value
    }

    private fun take(result: kotlinx.coroutines.channels.ChannelResult<Any>) {
        when {
            result.isSuccess -> peeked = result.getOrThrow()
            result.isClosed -> {
                ended = true
                endCause = result.exceptionOrNull()
            }
        }
    }
}

/** One chunk's outcome, from the reader coroutine to the collector. */
private class Outcome(val values: List<Any?>?, val failure: Throwable?)

/**
 * The flow of results of [results] (an `imap` over packed chunks); [start] launches what feeds the
 * input, if anything. On failure or cancellation of the collector, the job is cancelled and the
 * workers running its chunks are killed.
 */
internal fun <R> resultsFlow(
    open: () -> Pair<ImapIterator<Any>, ChunkInput>,
    start: (CoroutineScope, ChunkInput) -> Unit,
    resultCodec: PayloadCodec,
    call: String,
): Flow<R> = flow {
    val (results, input) = open()
    coroutineScope {
        start(this, input)
        val outcomes = Channel<Outcome>(1)
        launch(Dispatchers.IO) {
            while (true) {
                val outcome = try {
                    if (!results.hasNext()) break
                    val values = ChunkPacking.unpack(results.next())
                    Outcome(if (resultCodec === Direct) values else values.map(resultCodec::decode), null)
                } catch (e: Throwable) {
                    Outcome(null, e)
                }
                outcomes.send(outcome)
                if (outcome.failure != null) break
            }
            outcomes.close()
        }
        try {
            for (outcome in outcomes) {
                outcome.failure?.let { failure ->
                    throw if (failure === input.failure) failure else taskFailure(failure, "a chunk of $call", "in a worker")
                }
                @Suppress("UNCHECKED_CAST")
                for (value in outcome.values!!) emit(value as R)
            }
        } catch (e: Throwable) {
            results.cancel(true) // unblocks the reader, kills the workers still running chunks
            outcomes.cancel()
            throw e
        }
    }
}
