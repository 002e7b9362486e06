package dev.multiproc.dsl.spi

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.internal.Chunking
import kotlinx.coroutines.flow.Flow

/**
 * One `map` or `mapUnordered` call, as the scope hands it to an [Engine]: the items, the function
 * to apply to each, and the bounds of the [Engine.map] contract.
 *
 * ```kotlin
 * val call = MapCall("map()", MapInput.Items({ (1..10).iterator() }, chunkSize = 4), SerializableFunction { x -> x }, true, 2)
 * engine.map(call).toList()   // [1, 2, ..., 10]
 * ```
 *
 * @property name the call in error messages: `map()` or `mapUnordered()`
 * @property input the items, already in the form they travel in (see [Engine.serializes])
 * @property function applied to each item on a worker; on a serializing engine it is ready to
 *   ship (it carries the user's task encoded once, at the call) and returns results in the form
 *   they travel in
 * @property ordered results in input order (true) or as chunks complete (false)
 * @property concurrency how many chunks may run at once, at least 1
 */
public class MapCall(
    public val name: String,
    public val input: MapInput,
    public val function: SerializableFunction<Any?, Any?>,
    public val ordered: Boolean,
    public val concurrency: Int,
) {
    init {
        require(concurrency >= 1) { "concurrency < 1 in $name: $concurrency" }
    }

    /**
     * How many chunks the input is read ahead of the collector, on every engine: four per running
     * chunk, or as many as make [READ_AHEAD_ITEMS] items when chunks are small (the core's `imap`
     * bound). Why not fewer: an ordered map's collector waits for its oldest chunk, and with 4 per
     * running chunk a slow first chunk of one item idled every other worker after 8 more; a
     * default chunked `Collection` is dispatched whole.
     */
    public val readAhead: Int
        get() = maxOf(READ_AHEAD_PER_WORKER * concurrency, READ_AHEAD_ITEMS / maxOf(1, input.largestChunk))

    public companion object {
        /** Chunks read ahead of the collector per running chunk, at least. */
        public const val READ_AHEAD_PER_WORKER: Int = 4

        /** Items read ahead of the collector when chunks are small, at least. */
        public const val READ_AHEAD_ITEMS: Int = 1024
    }
}

/** The items of a [MapCall] and how they are cut into chunks, one task each. */
public sealed class MapInput {
    /** The items as chunks, read lazily as chunks are requested: for an engine with no chunk reader of its own. */
    public abstract fun chunks(): Flow<List<Any?>>

    /** The most items a chunk holds. */
    public abstract val largestChunk: Int

    /**
     * Items of an `Iterable` or a `Sequence`, read one by one as chunks are dispatched: each
     * collection of the flow calls [iterator] again.
     *
     * @property chunkSize items per chunk; 0: growing sizes 1, 2, 4, ... up to 64
     */
    public class Items(public val iterator: () -> Iterator<Any?>, public val chunkSize: Int) : MapInput() {
        override fun chunks(): Flow<List<Any?>> = Chunking.ofIterator(iterator, chunkSize)

        override val largestChunk: Int get() = if (chunkSize > 0) chunkSize else Chunking.MAX_GROWN
    }

    /**
     * Items of a `Flow`, collected as chunks are dispatched; a chunk is what has been emitted so
     * far, never waiting for more.
     *
     * @property chunkSize at most this many items per chunk; 0: at most 64
     */
    public class Emitted(public val items: Flow<Any?>, public val chunkSize: Int) : MapInput() {
        override fun chunks(): Flow<List<Any?>> = Chunking.ofFlow(items, chunkSize)

        override val largestChunk: Int get() = if (chunkSize > 0) chunkSize else Chunking.MAX_GROWN
    }
}
