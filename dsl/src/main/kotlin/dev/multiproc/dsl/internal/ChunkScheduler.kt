package dev.multiproc.dsl.internal

import dev.multiproc.dsl.spi.Engine
import dev.multiproc.dsl.spi.MapCall
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore

/**
 * [Engine.map] for an engine that runs one chunk at a time as a task (`runChunk` of [run]): runs the
 * call's chunks with at most `concurrency` running at once, reads the input at most `readAhead`
 * chunks ahead of the collector, and emits the results item by item, in input order or as chunks
 * complete. Pure coroutine logic: what a chunk is and where it runs is the caller's.
 *
 * A chunk that fails fails the flow at once (not at its turn in input order), and the scope it
 * ran in cancels the other chunks.
 */
internal object ChunkScheduler {

    /**
     * The flow of [call]'s results. A launched reader takes chunks from the input, each after a
     * permit of `ahead` (given back when the collector starts on a chunk) and starts it after a
     * permit of `running` (given back when it finishes); the collector takes the chunks' results
     * from `taken`: their `Deferred`s in input order, or the results themselves as they complete.
     */
    fun run(call: MapCall, runChunk: suspend (List<Any?>, Int) -> List<Any?>): Flow<Any?> = flow {
        coroutineScope {
            val ahead = Semaphore(call.readAhead)
            val running = Semaphore(call.concurrency)
            // never full: at most readAhead chunks are read and not taken
            val taken = Channel<CompletableDeferred<List<Any?>>>(Channel.UNLIMITED)
            val reader = launch {
                var number = 0
                ahead.acquire()
                call.input.chunks().collect { chunk ->
                    running.acquire()
                    val result = CompletableDeferred<List<Any?>>()
                    if (call.ordered) taken.send(result)
                    val index = number++
                    launch {
                        try {
                            result.complete(runChunk(chunk, index))
                        } catch (e: Throwable) {
                            result.completeExceptionally(e)
                            throw e
                        } finally {
                            running.release()
                        }
                        if (!call.ordered) taken.send(result)
                    }
                    ahead.acquire()
                }
            }
            launch {
                reader.join() // and, below, every chunk it started: they are children of the reader
                taken.close()
            }
            for (result in taken) {
                val values = result.await()
                ahead.release()
                for (value in values) emit(value)
            }
        }
    }
}
