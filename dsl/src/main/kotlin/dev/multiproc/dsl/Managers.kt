package dev.multiproc.dsl

import dev.multiproc.manager.ManagedEvent
import dev.multiproc.manager.ManagedSemaphore
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext
import java.util.concurrent.BlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.Lock
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/*
 * Suspending forms of a Manager's blocking proxies (dev.multiproc.manager). A call that would
 * wait on the server waits in short timed calls on a thread of Dispatchers.IO, and cancellation
 * is checked between them: interrupting a call in the middle of its round trip would leave its
 * reply on the connection, so a cancelled wait takes nothing (no item, no permit, no lock).
 * A manager's dict and list need no wrapper: they are a Map and a List (Kotlin's collection
 * functions work on them, iterating a snapshot), and their calls wait on nothing but the round
 * trip. A function for merge/compute runs on the server and must be serializable: from Kotlin, a
 * lambda or a function reference such as `Int::plus` converts to the plain BiFunction overload and
 * is refused in the caller with an IllegalArgumentException (Kotlin finds the serializable
 * overloads ambiguous); a serializable class implementing BiFunction is accepted.
 */

/** How long one timed call of a waiting operation lasts on the server: the latency of cancelling it. */
private const val WAIT_SLICE_MILLIS = 50L

/**
 * Takes the next item of a manager's queue, suspending until one arrives (Python's `q.get()`).
 *
 * ```kotlin
 * Manager.start().use { manager ->
 *     val q = manager.queue<String>()
 *     parallel(processes = 1) {
 *         process { q.put("from a worker") }
 *         println(q.receiveFromManager())           // from a worker
 *     }
 * }
 * ```
 */
public suspend fun <E : Any> BlockingQueue<E>.receiveFromManager(): E = withContext(Dispatchers.IO) {
    var item: E? = poll()
    while (item == null) {
        ensureActive()
        item = poll(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)
    }
    item
}

/** Puts [item] on a manager's queue, suspending while a bounded one is full (Python's `q.put(item)`). */
public suspend fun <E : Any> BlockingQueue<E>.sendToManager(item: E) {
    withContext(Dispatchers.IO) {
        while (!offer(item, WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) ensureActive()
    }
}

/** Suspends until a manager's event is set (Python's `event.wait()`). */
public suspend fun ManagedEvent.awaitSet() {
    withContext(Dispatchers.IO) {
        while (!await(java.time.Duration.ofMillis(WAIT_SLICE_MILLIS))) ensureActive()
    }
}

/** Suspends until a manager's event is set or [timeout] has passed; true when it is set. */
public suspend fun ManagedEvent.awaitSet(timeout: Duration): Boolean = withContext(Dispatchers.IO) {
    val deadline = System.nanoTime() + timeout.toJavaDuration().toNanos()
    var set = isSet
    while (!set && System.nanoTime() < deadline) {
        ensureActive()
        val left = (deadline - System.nanoTime()) / 1_000_000
        set = await(java.time.Duration.ofMillis(left.coerceIn(0, WAIT_SLICE_MILLIS)))
    }
    set
}

/**
 * Runs [action] holding a lock of a manager (`manager.lock()`, `rLock()`, a condition), suspending
 * while another holds it. A reentrant lock is owned by the thread that took it, so the action runs
 * on that thread (of Dispatchers.IO), blocking it: keep it short and do not suspend in it.
 */
public suspend fun <T> Lock.withManagerLock(action: () -> T): T {
    return withContext(Dispatchers.IO) {
        while (!tryLock(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) ensureActive()
        try {
            action()
        } finally {
            unlock()
        }
    }
}

/** Takes a permit of a manager's semaphore, suspending while none is free. */
public suspend fun ManagedSemaphore.acquireSuspending() {
    withContext(Dispatchers.IO) {
        while (!tryAcquire(java.time.Duration.ofMillis(WAIT_SLICE_MILLIS))) ensureActive()
    }
}
