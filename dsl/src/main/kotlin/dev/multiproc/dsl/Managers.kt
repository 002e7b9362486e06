package dev.multiproc.dsl

import dev.multiproc.manager.ManagedBarrier
import dev.multiproc.manager.ManagedEvent
import dev.multiproc.manager.ManagedJoinableQueue
import dev.multiproc.manager.ManagedSemaphore
import java.util.concurrent.BlockingQueue
import java.util.concurrent.locks.Lock
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/*
 * Suspending forms of a Manager's blocking proxies (dev.multiproc.manager). Each waits on the
 * server in one call, made on a thread of its own (see ServerWait.kt), and cancelling the
 * coroutine cancels that wait on the server: the server either stops it before it took anything
 * (no item, no permit, no lock; the call throws CancellationException), or had completed it, and
 * then the call returns what it got, so nothing is lost; the coroutine is cancelled at its next
 * suspension.
 * A manager's dict and list need no wrapper: they are a Map and a List (Kotlin's collection
 * functions work on them, iterating a snapshot), and their calls wait on nothing but the round
 * trip. A function for merge/compute runs on the server and must be serializable: from Kotlin, a
 * lambda or a function reference such as `Int::plus` converts to the plain BiFunction overload and
 * is refused in the caller with an IllegalArgumentException (Kotlin finds the serializable
 * overloads ambiguous); a serializable class implementing BiFunction is accepted.
 */

/**
 * Takes the next item of a manager's queue, suspending until one arrives (Python's `q.get()`).
 * Cancelled while it waits, it takes no item.
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
public suspend fun <E : Any> BlockingQueue<E>.receiveFromManager(): E = waitOnServer { take() }

/** Puts [item] on a manager's queue, suspending while a bounded one is full (Python's `q.put(item)`). */
public suspend fun <E : Any> BlockingQueue<E>.sendToManager(item: E) {
    waitOnServer { put(item) }
}

/** Suspends until a manager's event is set (Python's `event.wait()`). */
public suspend fun ManagedEvent.awaitSet() {
    waitOnServer { await() }
}

/** Suspends until a manager's event is set or [timeout] has passed; true when it is set. */
public suspend fun ManagedEvent.awaitSet(timeout: Duration): Boolean =
    waitOnServer { await(timeout.toJavaDuration()) }

/**
 * Runs [action] holding a lock of a manager (`manager.lock()`, `rLock()`, a condition), suspending
 * while another holds it; cancelled while it waits, it leaves the lock as it was. A reentrant lock
 * is owned by the thread that took it, so the action runs on that thread, blocking it: keep it
 * short and do not suspend in it.
 *
 * ```kotlin
 * val lock = manager.rLock()
 * val total = manager.value(0)
 * lock.withManagerLock { total.set(total.get() + 1) }
 * ```
 */
public suspend fun <T> Lock.withManagerLock(action: () -> T): T = waitOnServer {
    lockInterruptibly()
    try {
        action()
    } finally {
        unlock()
    }
}

/** Takes a permit of a manager's semaphore, suspending while none is free; cancelled while it waits, it takes none. */
public suspend fun ManagedSemaphore.acquireSuspending() {
    waitOnServer { acquire() }
}

/**
 * Waits at a manager's barrier until every party has arrived (Python's `barrier.wait()`); returns
 * the arrival index, `parties - 1` for the first and 0 for the last. As in Python and Java, a
 * party that stops waiting (here: a cancelled coroutine) breaks the barrier for the others.
 */
public suspend fun ManagedBarrier.awaitParties(): Int = waitOnServer { await() }

/** Suspends until every item put on a manager's joinable queue was marked done (Python's `q.join()`). */
public suspend fun ManagedJoinableQueue<*>.joinSuspending() {
    waitOnServer { join() }
}
