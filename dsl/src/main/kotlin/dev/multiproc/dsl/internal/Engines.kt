package dev.multiproc.dsl.internal

import dev.multiproc.RemoteException
import dev.multiproc.RemoteTraceback
import dev.multiproc.SerializationException
import dev.multiproc.dsl.Backend
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.pool.BrokenPoolException
import dev.multiproc.pool.TaskTimeoutException
import dev.multiproc.pool.WorkerDiedException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext

/** Starts the engine [spec] asks for. */
internal suspend fun startEngine(spec: PoolSpec): Engine = when (val backend = spec.backend) {
    Backend.Processes -> ProcessRunner.start(spec)
    Backend.Threads -> ThreadRunner(spec)
    is Backend.Custom -> backend.start(spec)
}

/**
 * Creates something that must be released on Dispatchers.IO (a pool, a child process), so that a
 * cancellation while it is being created cannot drop it. Creation runs to its end; when the caller
 * was cancelled meanwhile, what was created is [release]d and the cancellation thrown. The value
 * does not travel as the result of `withContext`, which discards its result when the caller was
 * cancelled by the time it resumes, even for a `NonCancellable` block.
 */
internal suspend fun <T : Any> createOrRelease(create: () -> T, release: (T) -> Unit): T {
    var created: T? = null
    try {
        withContext(NonCancellable + Dispatchers.IO) { created = create() }
        currentCoroutineContext().ensureActive()
        return created!!
    } catch (cancelled: CancellationException) {
        created?.let { withContext(NonCancellable + Dispatchers.IO) { release(it) } }
        throw cancelled
    }
}

/**
 * What the caller of a failed task gets: a [RemoteException] whose cause is the task's own
 * exception with the stack trace of where it ran; failures of the pool's making (a dead worker,
 * a timeout, a serialization error, cancellation) as they are.
 */
internal fun taskFailure(failure: Throwable, label: String, where: String): Throwable = when (failure) {
    is RemoteException, is WorkerDiedException, is TaskTimeoutException, is SerializationException,
    is BrokenPoolException, is java.util.concurrent.CancellationException -> failure
    is RemoteTraceback -> RemoteException("$label failed $where: ${failure.message}", failure.remoteClassName(), failure)
    else -> RemoteException("$label failed $where: ${failure.javaClass.name}: ${failure.message}", failure.javaClass.name, failure)
}

/** The error of a call made after its block ended and released its engine. */
internal fun releasedError(label: String) = IllegalStateException(
    "cannot run $label: the pool of its parallel { } block was released when the block ended; " +
        "collect flows and await tasks inside the block")
