package dev.multiproc.dsl.internal

import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore

/**
 * Runs chunks with at most `concurrency` running at once and emits their results, item by item,
 * in input order ([ordered]) or as chunks complete ([unordered]). Pure coroutine logic: what a
 * chunk is and where it runs is the caller's [runChunk].
 *
 * A chunk that fails fails the flow at once (not at its turn in input order), and the scope it
 * ran in cancels the other chunks, which kills their workers on the processes backend.
 */
internal object ChunkScheduler {

    /**
     * Results in input order: a bounded channel of the chunks' `Deferred`s in input order, read by
     * the collector. [concurrency] bounds the chunks running; the channel bounds how far the input
     * is read ahead of the collector (at most [concurrency] chunks finished and not yet emitted).
     */
    fun <T, R> ordered(chunks: Flow<List<T>>, concurrency: Int, runChunk: suspend (List<T>, Int) -> List<R>): Flow<R> = flow {
        coroutineScope {
            val running = Semaphore(concurrency)
            val pending = Channel<Deferred<List<R>>>(concurrency)
            launch {
                var index = 0
                chunks.collect { chunk ->
                    running.acquire()
                    val number = index++
                    pending.send(async {
                        try {
                            runChunk(chunk, number)
                        } finally {
                            running.release()
                        }
                    })
                }
                pending.close()
            }
            for (result in pending) {
                for (item in result.await()) emit(item)
            }
        }
    }

    /**
     * Results as chunks complete (a chunk's items in their order). A `channelFlow`, so a
     * downstream `buffer(n)` sets its capacity; a chunk keeps its permit until its results are
     * in the channel, so a slow collector slows the input down.
     */
    fun <T, R> unordered(chunks: Flow<List<T>>, concurrency: Int, runChunk: suspend (List<T>, Int) -> List<R>): Flow<R> =
        channelFlow {
            val running = Semaphore(concurrency)
            var index = 0
            chunks.collect { chunk ->
                running.acquire()
                val number = index++
                launch {
                    try {
                        for (item in runChunk(chunk, number)) send(item)
                    } finally {
                        running.release()
                    }
                }
            }
        }
}
