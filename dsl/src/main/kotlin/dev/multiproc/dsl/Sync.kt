package dev.multiproc.dsl

import dev.multiproc.sync.ProcessBarrier
import dev.multiproc.sync.ProcessEvent
import dev.multiproc.sync.ProcessLock
import dev.multiproc.sync.ProcessSemaphore
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runInterruptible
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/*
 * Suspending forms of the core's blocking primitives. Each tries the non-blocking fast path on
 * the caller's thread first; only a real wait moves to a thread of Dispatchers.IO, interruptibly,
 * so that cancelling the coroutine ends the wait. The primitives themselves are the core's and
 * work across processes: pass them to tasks, they are serializable.
 */

/**
 * Runs [action] holding this lock, waiting for it without blocking a coroutine thread;
 * cancellation while waiting leaves the lock untouched.
 *
 * ```kotlin
 * ProcessLock().use { lock ->
 *     parallel(processes = 2) {
 *         map(1..4) { i -> lock.lock(); try { println("task $i") } finally { lock.unlock() } }.collect()
 *         lock.withLock { println("the parent, alone") }
 *     }
 * }
 * ```
 * A [ProcessLock] may be released by any thread (as in Python), so the action may resume on a
 * different thread than the one that locked.
 */
@OptIn(ExperimentalContracts::class)
public suspend inline fun <T> ProcessLock.withLock(action: () -> T): T {
    contract { callsInPlace(action, InvocationKind.EXACTLY_ONCE) }
    lockSuspending()
    try {
        return action()
    } finally {
        unlock()
    }
}

/** Takes this lock, suspending while another thread or process holds it. */
public suspend fun ProcessLock.lockSuspending() {
    if (!tryLock()) {
        runInterruptible(Dispatchers.IO) { lockInterruptibly() }
    }
}

/** Runs [action] holding a permit of this semaphore, suspending while none is free. */
@OptIn(ExperimentalContracts::class)
public suspend inline fun <T> ProcessSemaphore.withPermit(action: () -> T): T {
    contract { callsInPlace(action, InvocationKind.EXACTLY_ONCE) }
    acquireSuspending()
    try {
        return action()
    } finally {
        release()
    }
}

/** Takes a permit of this semaphore, suspending while none is free. */
public suspend fun ProcessSemaphore.acquireSuspending() {
    if (!tryAcquire()) {
        runInterruptible(Dispatchers.IO) { acquire() }
    }
}

/** Suspends until this event is set (Python's `event.wait()`). */
public suspend fun ProcessEvent.awaitSet() {
    if (!isSet) {
        runInterruptible(Dispatchers.IO) { await() }
    }
}

/** Suspends until this event is set or [timeout] has passed; true when it is set. */
public suspend fun ProcessEvent.awaitSet(timeout: Duration): Boolean =
    isSet || runInterruptible(Dispatchers.IO) { await(timeout.toJavaDuration()) }

/** Suspends until all parties have arrived (Python's `barrier.wait()`); returns this party's arrival index. */
public suspend fun ProcessBarrier.awaitParties(): Int = runInterruptible(Dispatchers.IO) { await() }
