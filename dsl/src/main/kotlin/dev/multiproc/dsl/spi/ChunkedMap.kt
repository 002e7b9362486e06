package dev.multiproc.dsl.spi

import dev.multiproc.SerializableCallable
import dev.multiproc.dsl.internal.ChunkCall
import dev.multiproc.dsl.internal.ChunkScheduler
import kotlinx.coroutines.flow.Flow

/**
 * [Engine.map] for an engine that runs one chunk at a time as one task ([runChunk], typically
 * [Engine.run] of [chunkTask]): the chunks of this call's input run with at most `concurrency` at
 * once, the input is read at most [MapCall.readAhead] chunks ahead of the collector, and the
 * results are emitted item by item, in input order or as chunks complete, as [Engine.map]'s
 * contract asks. A chunk that fails fails the flow at once and cancels the other chunks; so does
 * a collector that stops early or is cancelled, which cancels the coroutines running [runChunk].
 *
 * ```kotlin
 * override fun map(call: MapCall): Flow<Any?> = call.runInChunks { chunk, number ->
 *     run(call.chunkTask(chunk), "chunk $number (${chunk.size} items) of ${call.name}") as List<Any?>
 * }
 * ```
 *
 * @param runChunk runs one chunk (its items, and its number from 0 in input order) and returns
 *   its results in the chunk's order
 */
public fun MapCall.runInChunks(runChunk: suspend (chunk: List<Any?>, number: Int) -> List<Any?>): Flow<Any?> =
    ChunkScheduler.run(this, runChunk)

/**
 * One chunk of this call as one task: [MapCall.function] applied to each item of [chunk] in
 * order, returning the list of results. Serializable when the call's function is (on a
 * serializing engine it is), so it can be shipped to where it runs.
 */
public fun MapCall.chunkTask(chunk: List<Any?>): SerializableCallable<Any?> = ChunkCall(function, chunk)
