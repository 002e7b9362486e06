package dev.multiproc.internal.pool;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.RemoteException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * Why a task has no result, in the three shapes callers need: unchecked for the Python-style calls
 * ({@code map}, {@code apply}, {@code join}), the bare cause for {@code Future.get}'s
 * {@link ExecutionException} and for error callbacks.
 *
 * <p>A task that threw is reported as a {@link RemoteException} naming the task and worker, whose
 * cause is the original exception (its own class when that can be rebuilt here, with the remote
 * stack trace). Failures of the pool's own making (a dead worker, a timeout, a serialization error)
 * and exceptions of the input iterable are reported as they are.
 */
public final class TaskError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Throwable failure;
    private final String remoteClassName;

    private TaskError(String message, Throwable failure, String remoteClassName) {
        super(message, failure, false, false);
        this.failure = failure;
        this.remoteClassName = remoteClassName;
    }

    /** A task that threw in a worker. */
    static TaskError remote(String context, TaskFailure remote) {
        return new TaskError(context + ": " + remote.summary(), remote.rebuild(), remote.className());
    }

    /** A failure detected here: a dead worker, a timeout, a serialization error, the input's exception. */
    static TaskError local(Throwable failure) {
        return new TaskError(String.valueOf(failure.getMessage()), failure, null);
    }

    /** What the task's exception was: the original remote exception, or the local failure. */
    public Throwable failure() {
        return failure;
    }

    public boolean isCancellation() {
        return failure instanceof CancellationException;
    }

    /** The exception a Python-style call throws. */
    public RuntimeException toUnchecked() {
        if (remoteClassName != null) {
            return new RemoteException(getMessage(), remoteClassName, failure);
        }
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new MultiprocessingException(String.valueOf(failure.getMessage()), failure);
    }
}
