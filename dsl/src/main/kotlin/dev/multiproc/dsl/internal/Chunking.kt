package dev.multiproc.dsl.internal

import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.produceIn
import kotlin.math.ceil

/**
 * Cuts the input of `map` into chunks, each one task: per-item round trips would cost more than
 * trivial items, one chunk per worker would leave workers idle at the end.
 *
 * - Known size (a `Collection`): Python's `ceil(n / (4 * workers))`, four chunks per worker.
 * - Unknown size (an `Iterable`, a `Sequence`): 1, 2, 4, ... up to [MAX_GROWN], so a short or
 *   costly input is spread item by item and a long cheap one soon travels in batches.
 * - A `Flow`: whatever has arrived, up to [MAX_GROWN] items, is one chunk; a chunk never waits for
 *   items that have not been emitted yet.
 */
internal object Chunking {
    const val MAX_GROWN = 64

    fun defaultSize(knownSize: Int, workers: Int): Int =
        if (knownSize < 0) 0 else maxOf(1, ceil(knownSize / (4.0 * workers)).toInt())

    /** Chunks of the items of [iterator], read lazily as chunks are requested; [size] 0 means growing sizes. */
    fun <T> ofIterator(iterator: () -> Iterator<T>, size: Int): Flow<List<T>> = flow {
        val items = iterator()
        var next = if (size > 0) size else 1
        while (items.hasNext()) {
            val chunk = ArrayList<T>(next)
            while (chunk.size < next && items.hasNext()) {
                chunk += items.next()
            }
            emit(chunk)
            if (size == 0 && next < MAX_GROWN) next *= 2
        }
    }

    /** Chunks of what [items] has emitted so far, at most [size] (0: [MAX_GROWN]) each. */
    fun <T> ofFlow(items: Flow<T>, size: Int): Flow<List<T>> = flow {
        val max = if (size > 0) size else MAX_GROWN
        coroutineScope {
            val channel: ReceiveChannel<T> = items.buffer(max).produceIn(this)
            while (true) {
                val first = channel.receiveCatching()
                if (first.isClosed) {
                    first.exceptionOrNull()?.let { throw it }
                    break
                }
                val chunk = ArrayList<T>()
                chunk += first.getOrThrow()
                while (chunk.size < max) {
                    val more = channel.tryReceive()
                    if (!more.isSuccess) break
                    chunk += more.getOrThrow()
                }
                emit(chunk)
            }
        }
    }
}
