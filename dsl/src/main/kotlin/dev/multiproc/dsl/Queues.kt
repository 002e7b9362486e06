package dev.multiproc.dsl

import dev.multiproc.queue.ProcessQueue
import dev.multiproc.queue.QueueClosedException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import java.util.concurrent.CompletionException
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.coroutines.resumeWithException

/*
 * Suspending forms of ProcessQueue. A receive that has to wait suspends on the queue's getAsync(),
 * whose get waits on a thread of its own and is withdrawn by a cancel: a cancelled receive takes
 * nothing, the item stays in the queue for the next consumer. A send to a full bounded queue waits
 * on a thread of Dispatchers.IO in short timed offers, so that cancelling it puts nothing.
 */

/** How long one timed offer of a waiting send lasts: the latency of cancelling it. */
private const val OFFER_SLICE_MILLIS = 20L

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
        while (!offer(item, OFFER_SLICE_MILLIS, TimeUnit.MILLISECONDS)) ensureActive()
    }
}

/**
 * Takes the next item, suspending until one arrives (Python's `q.get()`); no thread polls. A
 * cancelled receive takes nothing, except in the instant where the queue hands it an item as it
 * is cancelled: that item is put back, at the end of the queue.
 */
public suspend fun <E : Any> ProcessQueue<E>.receive(): E {
    poll()?.let { return it }
    val next = getAsync()
    return suspendCancellableCoroutine { cont ->
        next.whenComplete { item, failure ->
            if (failure == null) {
                cont.resume(item) { _, undelivered, _ -> putBack(undelivered) }
            } else {
                cont.resumeWithException((failure as? CompletionException)?.cause ?: failure)
            }
        }
        cont.invokeOnCancellation { next.cancel(true) } // false only when the item is on its way
    }
}

/** Puts back an item that a cancelled [receive] was handed; a full bounded queue gets it from a thread of its own. */
private fun <E : Any> ProcessQueue<E>.putBack(item: E) {
    if (!offer(item)) thread(isDaemon = true, name = "multiproc-put-back") { put(item) }
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
