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
 * - Known size (a `Collection`): guided sizes ([GuidedSizes]): growing from 1 to Python's
 *   `ceil(n / (4 * workers))`, then each chunk a `2 * workers`-th of what is left, so that the
 *   first results come soon and the last chunks are short.
 * - Unknown size (an `Iterable`, a `Sequence`): 1, 2, 4, ... up to [MAX_GROWN], so a short or
 *   costly input is spread item by item and a long cheap one soon travels in batches.
 * - A `Flow`: whatever has arrived, up to [MAX_GROWN] items, is one chunk; a chunk never waits for
 *   items that have not been emitted yet.
 */
internal object Chunking {
    const val MAX_GROWN = 64

    /** Python's default chunk size for [knownSize] items on [workers]: the largest guided chunk. */
    fun defaultSize(knownSize: Int, workers: Int): Int =
        if (knownSize < 0) 0 else maxOf(1, ceil(knownSize / (4.0 * workers)).toInt())

    /**
     * Chunks of the items of [iterator], read lazily as chunks are requested; [size] 0 means
     * guided sizes when [total] is known (at least 0), else growing sizes.
     */
    fun <T> ofIterator(iterator: () -> Iterator<T>, size: Int, total: Int = -1, workers: Int = 1): Flow<List<T>> = flow {
        val items = iterator()
        val guided = if (size == 0 && total >= 0) GuidedSizes(total, workers) else null
        var next = if (size > 0) size else 1
        while (items.hasNext()) {
            if (guided != null) next = guided.next()
            val chunk = ArrayList<T>(next)
            while (chunk.size < next && items.hasNext()) {
                chunk += items.next()
            }
            emit(chunk)
            if (size == 0 && guided == null && next < MAX_GROWN) next *= 2
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

/**
 * The sizes of the chunks of a map over [total] items on [workers] workers ("guided
 * self-scheduling", as OpenMP's `schedule(guided)`, with a ramp at the start): 1, 2, 4, ... up to
 * `ceil(total / (4 * workers))`, Python's default chunk size, and never more than a
 * `2 * workers`-th of the items not yet read, so the chunks shrink towards the end.
 *
 * Why: with Python's fixed size, a map of 1,790 files on 2 workers was 8 chunks of 224 files, so
 * its first result came after 224 files, and at the end one worker ran a long last chunk while
 * the other idled and the collector merged its results only after that. A trivial map of a
 * million items still travels in a few dozen chunks.
 */
internal class GuidedSizes(private val total: Int, workers: Int) {
    private val largest = Chunking.defaultSize(total, workers)
    private val share = 2 * workers
    private var read = 0L
    private var ramp = 1

    /** The size of the next chunk: at least 1. */
    fun next(): Int {
        val left = maxOf(0L, total - read)
        val size = minOf(ramp.toLong(), largest.toLong(), maxOf(1L, (left + share - 1) / share)).toInt()
        if (ramp < largest) ramp = minOf(largest, ramp * 2)
        read += size
        return size
    }

    companion object {
        /** How many chunks [GuidedSizes] cuts [total] items into. */
        fun count(total: Int, workers: Int): Int {
            val sizes = GuidedSizes(total, workers)
            var left = total.toLong()
            var chunks = 0
            while (left > 0) {
                left -= sizes.next()
                chunks++
            }
            return chunks
        }
    }
}
