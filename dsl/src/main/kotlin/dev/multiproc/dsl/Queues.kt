package dev.multiproc.dsl

import dev.multiproc.queue.ProcessQueue
import dev.multiproc.queue.QueueClosedException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext
import java.util.concurrent.TimeUnit

/*
 * Suspending forms of ProcessQueue. A receive waits on a thread of Dispatchers.IO in short timed
 * polls, so that cancelling it takes an item from nobody: an item is either returned or left in
 * the queue for the next consumer.
 */

/** How long one timed poll of a waiting receive lasts: the latency of cancelling it. */
private const val POLL_SLICE_MILLIS = 20L

/**
 * Puts [item] on the queue, suspending while a bounded queue is full (Python's `q.put(item)`).
 *
 * ```kotlin
 * val q = ProcessQueue<String>()
 * parallel(processes = 1) {
 *     process { q.put("Data from worker") }
 *     println(q.receive())               // Data from worker
 * }
 * ```
 */
public suspend fun <E : Any> ProcessQueue<E>.send(item: E) {
    if (offer(item)) return
    withContext(Dispatchers.IO) {
        while (!offer(item, POLL_SLICE_MILLIS, TimeUnit.MILLISECONDS)) ensureActive()
    }
}

/** Takes the next item, suspending until one arrives (Python's `q.get()`). */
public suspend fun <E : Any> ProcessQueue<E>.receive(): E {
    poll()?.let { return it }
    return withContext(Dispatchers.IO) {
        var item: E? = null
        while (item == null) {
            ensureActive()
            item = poll(POLL_SLICE_MILLIS, TimeUnit.MILLISECONDS)
        }
        item
    }
}

/**
 * The items of this queue as a [Flow], each received once, until the queue is closed (a closed
 * queue ends the flow rather than failing it). Like `ReceiveChannel.receiveAsFlow()`.
 */
public fun <E : Any> ProcessQueue<E>.receiveAsFlow(): Flow<E> = flow {
    while (true) {
        val next = try {
            receive()
        } catch (closed: QueueClosedException) {
            return@flow
        }
        emit(next)
    }
}
