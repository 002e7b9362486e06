package dev.multiproc.dsl.internal

import dev.multiproc.RemoteException
import dev.multiproc.RemoteTraceback
import dev.multiproc.SerializableCallable
import dev.multiproc.SerializationException
import dev.multiproc.dsl.Backend
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.pool.BrokenPoolException
import dev.multiproc.pool.TaskTimeoutException
import dev.multiproc.pool.WorkerDiedException
import java.util.concurrent.CancellationException

/**
 * Runs the tasks of one `parallel { }` block on a backend. The scheduler and the scope talk only
 * to this, so that they can be tested against a fake one.
 */
internal interface TaskRunner {
    /** Workers available: the default `concurrency` and the base of the default chunk size. */
    val workers: Int

    /** Whether tasks and their data are serialized (false for threads: passed by reference). */
    val serializes: Boolean

    /**
     * Runs [call] on a worker and returns its result. Cancelling the caller stops the task: the
     * processes backend kills the worker running it (the pool replaces it).
     *
     * @param label what the task is, for error messages ("chunk 3 of map()")
     */
    suspend fun run(call: SerializableCallable<Any?>, label: String): Any?

    /** Starts one child (a process, or a thread for [Backend.Threads]) running [target]. */
    suspend fun startProcess(name: String, target: ProcessTarget): ProcessControl

    /** Stops every worker and waits for them to exit; idempotent, never cancelled half-way. */
    suspend fun release()

    companion object {
        /** Starts the runner [spec] asks for. */
        suspend fun start(spec: PoolSpec): TaskRunner = when (spec.backend) {
            Backend.Processes -> ProcessRunner.start(spec)
            Backend.Threads -> ThreadRunner(spec)
        }
    }
}

/** The body of a `process { }` child: encoded for a process, as it is for a thread. */
internal class ProcessTarget(val work: dev.multiproc.dsl.Work<Unit>, val encoded: ByteArray?)

/** A child started by `process { }`, whatever runs it. */
internal interface ProcessControl {
    val pid: Long?
    val exitCode: Int?
    val exception: RemoteException?

    /** Suspends until the child has ended; cancelling the wait does not stop the child. */
    suspend fun awaitExit()

    fun terminate()

    fun kill()
}

/**
 * What the caller of a failed task gets: a [RemoteException] whose cause is the task's own
 * exception with the stack trace of where it ran; failures of the pool's making (a dead worker,
 * a timeout, a serialization error, cancellation) as they are.
 */
internal fun taskFailure(failure: Throwable, label: String, where: String): Throwable = when (failure) {
    is RemoteException, is WorkerDiedException, is TaskTimeoutException, is SerializationException,
    is BrokenPoolException, is CancellationException -> failure
    is RemoteTraceback -> RemoteException("$label failed $where: ${failure.message}", failure.remoteClassName(), failure)
    else -> RemoteException("$label failed $where: ${failure.javaClass.name}: ${failure.message}", failure.javaClass.name, failure)
}
