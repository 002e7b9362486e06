package dev.multiproc.dsl.internal

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.Task
import dev.multiproc.pool.ImapIterator
import dev.multiproc.spi.ChunkedInput
import dev.multiproc.spi.ReadyInput
import dev.multiproc.spi.ValueCodec
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.LinkedBlockingQueue
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
internal abstract class PoolInput<E> : Iterator<E> {
    @Volatile
    var failure: Throwable? = null

    /** The chunk size the pool cuts this input into; 0 when each element is a chunk already. */
    open val chunkSize: Int get() = 0
}

/** Runs [read], recording what it throws as the input's failure. */
private inline fun <V> PoolInput<*>.guard(read: () -> V): V = try {
    read()
} catch (e: Throwable) {
    failure = e
    throw e
}

/** Each element a chunk ([ChunkedInput]) of items. */
internal abstract class ChunkInput : PoolInput<List<Any?>>(), ChunkedInput

/**
 * Items of an `Iterable` or `Sequence` with a fixed chunk size: read one by one and cut into
 * chunks by the pool, as `imap` does, with no list per chunk (building one cost the dispatcher
 * thread a sixth more time per item in a map of 20,000 trivial items).
 */
internal class FixedChunks(private val items: Iterator<Any?>, override val chunkSize: Int) : PoolInput<Any?>() {
    override fun hasNext(): Boolean = guard { items.hasNext() }

    override fun next(): Any? = guard { items.next() }
}

/**
 * Chunks of an `Iterable` or `Sequence` of growing sizes, 1, 2, 4, ... up to
 * [Chunking.MAX_GROWN], as [Chunking.ofIterator] cuts them; read on the pool's dispatcher thread
 * as chunks are dispatched.
 */
internal class GrowingChunks(private val items: Iterator<Any?>) : ChunkInput() {
    private var next = 1

    override fun hasNext(): Boolean = guard { items.hasNext() }

    override fun next(): List<Any?> = guard {
        val chunk = ArrayList<Any?>(next)
        while (chunk.size < next && items.hasNext()) chunk += items.next()
        if (next < Chunking.MAX_GROWN) next *= 2
        chunk
    }
}

/**
 * Chunks of a `Flow`, collected by a coroutine of the collector ([feed]) into a blocking queue
 * that the pool's dispatcher reads. The coroutine suspends (on [room]) while [CAPACITY] chunks
 * wait, so the flow is collected no faster than chunks are dispatched; the dispatcher takes a
 * chunk only when one is there ([ReadyInput]), so a slow flow never holds up the pool's other
 * work, and no thread of the pool ever waits for a coroutine.
 */
internal class FlowChunks : ChunkInput(), ReadyInput {
    private val arrived = LinkedBlockingQueue<Any>()
    private val room = Semaphore(CAPACITY)

    /** What the dispatcher has taken from [arrived] and not yet consumed: a chunk, or [End]. */
    private var head: Any? = null

    @Volatile
    private var wake: Runnable? = null

    override fun onReady(wake: Runnable) {
        this.wake = wake
    }

    /** Collects [chunks] into the queue, waking the dispatcher after each, and then the end. */
    fun feed(scope: CoroutineScope, chunks: Flow<List<Any?>>) = scope.launch {
        try {
            chunks.collect { chunk ->
                room.acquire()
                arrived.put(chunk)
                wake?.run()
            }
            arrived.put(End(null))
        } catch (e: Throwable) {
            arrived.put(End(e))
        } finally {
            wake?.run()
        }
    }

    @Synchronized
    override fun ready(): Boolean = head != null || arrived.peek() != null

    /**
     * Answers at once after [ready] said true; otherwise waits for the feeding coroutine, which
     * ends (puts [End]) when it completes, fails or is cancelled with the call.
     */
    @Synchronized
    override fun hasNext(): Boolean {
        val next = head ?: arrived.take().also { head = it }
        if (next is End) {
            next.cause?.let { failure = it; throw it }
            return false
        }
        return true
    }

    @Synchronized
    override fun next(): List<Any?> {
        if (!hasNext()) throw NoSuchElementException("no more chunks")
        @Suppress("UNCHECKED_CAST")
        val chunk = head as List<Any?>
        head = null
        room.release()
        return chunk
    }

    /** The end of the flow; [cause] is what it failed with. */
    private class End(val cause: Throwable?)

    private companion object {
        /** Chunks collected ahead of the dispatcher. */
        const val CAPACITY = 2
    }
}

/**
 * The flow of results of a `map` on [pool][open]: [input] makes the input of one collection (and
 * may launch what feeds it in the collector's scope), [open] submits it. The collector takes each
 * chunk's results itself when they are there and suspends (no thread waits) until the pool's
 * reader says the next ones are: one wake-up per chunk, no hand-off through another thread. On
 * failure or cancellation of the collector, the job is cancelled and the workers running its
 * chunks are killed.
 */
internal fun resultsFlow(
    call: String,
    open: (PoolInput<*>) -> ImapIterator<Any?>,
    input: (CoroutineScope) -> PoolInput<*>,
): Flow<Any?> = ResultsFlow { collector ->
    coroutineScope { collectResults(collector, this, open, input, call) }
}

/**
 * A flow that hands each result straight to its collector. `flow { }` checks, on every emit, that
 * the collector's context has not changed: per result that was a measurable part of a map of
 * 20,000 trivial tasks. Here every emit happens in [collect]'s own coroutine, so the check can
 * only pass.
 */
private class ResultsFlow(private val body: suspend (FlowCollector<Any?>) -> Unit) : Flow<Any?> {
    override suspend fun collect(collector: FlowCollector<Any?>) = body(collector)
}

private suspend fun collectResults(
    collector: FlowCollector<Any?>,
    scope: CoroutineScope,
    open: (PoolInput<*>) -> ImapIterator<Any?>,
    makeInput: (CoroutineScope) -> PoolInput<*>,
    call: String,
) {
    val input = makeInput(scope)
    val results = try {
        open(input)
    } catch (e: Throwable) {
        scope.coroutineContext.cancelChildren() // what feeds the input waits for a reader that will not come
        throw e
    }
    try {
        while (true) {
            awaitReady(results)
            val values = try {
                if (!results.hasNext()) break // answers at once: the stream is ready
                results.nextChunk()
            } catch (failure: Throwable) {
                throw if (failure === input.failure) failure else taskFailure(failure, "a task of $call", "in a worker")
            }
            emitChunk(collector, values)
        }
    } catch (e: Throwable) {
        results.cancel(true) // kills the workers still running chunks
        throw e
    }
}

/**
 * Emits one chunk's results. By index, since the chunk is a read-only view of the pool's array;
 * and in a function of its own, so that the loop is compiled on its own, small, rather than as
 * part of [collectResults]'s state machine, and saves only its own few variables around each emit.
 */
private suspend fun emitChunk(collector: FlowCollector<Any?>, values: List<Any?>) {
    val count = values.size
    for (i in 0 until count) collector.emit(values[i])
}

/** Suspends until [results] can answer `hasNext()` without blocking. */
private suspend fun awaitReady(results: ImapIterator<Any?>) {
    suspendCancellableCoroutine { cont ->
        // a resume after cancellation is ignored; the caller's catch cancels the job
        if (!results.onReady { cont.resume(Unit) }) cont.resume(Unit)
    }
}
