package dev.multiproc.dsl

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import kotlin.coroutines.resume

/*
 * How a coroutine waits on a manager's server without polling it. A proxy call that waits (a
 * method declaring InterruptedException) blocks its thread until the server replies, and an
 * interrupt of that thread cancels the wait on the server (see the core's ProxyRef.callWaiting).
 * So each wait runs on a thread of its own, and cancelling the coroutine interrupts that thread.
 * Why not Dispatchers.IO: its 64 threads would bound how many coroutines of a process can wait
 * at once, and a barrier of more parties would never open; waiting threads cost little here, the
 * server holds one per waiting client thread anyway.
 */

/** Threads for waits on a manager: made as waits need them, kept a minute when idle. */
private val waitThreads: ExecutorService = Executors.newCachedThreadPool { task ->
    Thread(task, "multiproc-manager-wait").apply { isDaemon = true }
}

/**
 * Runs [call], a proxy call that waits on a manager's server, on a wait thread, suspending until
 * it returns. Cancelled, it interrupts the call and lets the server decide: the wait stopped
 * before it took anything (CancellationException), or it completed first and its result is
 * returned all the same, since throwing it away would lose an item or leave a lock held.
 */
internal suspend fun <T> waitOnServer(call: () -> T): T {
    currentCoroutineContext().ensureActive()
    val wait = ServerWait(call)
    waitThreads.execute(wait)
    val outcome = try {
        wait.outcome.settled()
    } catch (cancelled: CancellationException) {
        wait.cancel()
        val late = withContext(NonCancellable) { wait.outcome.settled() }
        if (late.exceptionOrNull() is InterruptedException) throw cancelled
        late
    }
    return outcome.getOrThrow()
}

/** One wait on a wait thread; [cancel] interrupts it only while its call runs. */
private class ServerWait<T>(private val call: () -> T) : Runnable {
    val outcome = CompletableFuture<T>()
    private var runner: Thread? = null
    private var cancelled = false

    override fun run() {
        synchronized(this) {
            if (cancelled) {
                outcome.completeExceptionally(InterruptedException("cancelled before it began"))
                return
            }
            runner = Thread.currentThread()
        }
        val result = try {
            Result.success(call())
        } catch (failure: Throwable) {
            Result.failure(failure)
        } finally {
            synchronized(this) { runner = null }
            Thread.interrupted() // a cancel that came after the call completed: not for the next wait
        }
        result.fold({ outcome.complete(it) }, { outcome.completeExceptionally(it) })
    }

    fun cancel() = synchronized(this) {
        cancelled = true
        runner?.interrupt()
    }
}

/** Suspends until this future completes; its outcome, with the failure unwrapped. */
private suspend fun <T> CompletableFuture<T>.settled(): Result<T> = suspendCancellableCoroutine { cont ->
    whenComplete { value, failure ->
        val cause = if (failure is CompletionException) failure.cause ?: failure else failure
        cont.resume(if (cause == null) Result.success(value) else Result.failure(cause))
    }
}
