package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.RemoteException;
import dev.multiproc.internal.pool.Job;
import dev.multiproc.internal.pool.PoolCore;
import dev.multiproc.internal.pool.TaskError;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pending result of {@code applyAsync}, {@code mapAsync}, {@code starmapAsync} and of
 * {@link ProcessPoolExecutor#submit}: Python's {@code AsyncResult}, a {@link Future}, and a
 * {@link CompletableFuture} on demand; a {@link PendingResult}, as a cluster pool's results are.
 *
 * <pre>{@code
 * AsyncResult<Integer> r = pool.applyAsync(x -> x * x, 7);
 * r.get(Duration.ofSeconds(5));    // 49, or ResultTimeoutException (unchecked), as in Python
 * r.join();                        // waits as long as it takes
 * r.ready(); r.successful();
 * r.toCompletableFuture().thenApply(x -> x + 1);
 * }</pre>
 *
 * <h2>Getting the result: Python's calls and the JDK's</h2>
 * <table>
 *   <caption>Each way to get the result, and how it reports a task that threw</caption>
 *   <tr><th>Python</th><th>here</th><th>the task threw</th><th>not ready in time</th></tr>
 *   <tr><td>{@code get()}</td><td>{@link #join()}</td>
 *       <td>{@link RemoteException}, cause: the original</td><td>-</td></tr>
 *   <tr><td>{@code get(timeout)}</td><td>{@link #get(Duration)}</td>
 *       <td>{@link RemoteException}, cause: the original</td><td>{@link ResultTimeoutException}</td></tr>
 *   <tr><td>{@code wait(timeout)}</td><td>{@link #await(Duration)}</td><td>not thrown</td><td>returns false</td></tr>
 *   <tr><td>-</td><td>{@link #get()}, {@link #get(long, TimeUnit)} ({@link Future})</td>
 *       <td>{@link ExecutionException}, cause: the original</td><td>{@link TimeoutException}</td></tr>
 *   <tr><td>-</td><td>{@link #toCompletableFuture()}</td>
 *       <td>completes exceptionally with the original</td><td>-</td></tr>
 * </table>
 * The Python-style calls throw unchecked exceptions, the {@link Future} methods the JDK's checked
 * ones. "The original" is the task's exception of its own class (when the class exists here and
 * it could be serialized, else a {@link dev.multiproc.RemoteTraceback}) with the remote stack
 * trace; to catch it by its type, as Python's {@code except} does, use
 * {@link RemoteException#rethrowIf}. Failures of the pool's own making, a
 * {@link WorkerDiedException}, {@link TaskTimeoutException} or
 * {@link dev.multiproc.SerializationException}, take the place of the original in every row.
 * {@link #cancel cancel(true)} of a running task kills the worker running it (the pool replaces
 * it); every way then reports a {@link CancellationException}.
 *
 * @param <R> the result type
 */
public final class AsyncResult<R> implements PendingResult<R> {
    /** Waiting spins this long before parking: a round trip often completes within it. */
    private static final long SPIN_NANOS = Long.getLong("multiproc.pool.spinMicros", 0) * 1000;

    private final PoolCore core;
    private final Job job;
    private final CompletableFuture<Object> outcome;

    AsyncResult(PoolCore core, Job job, CompletableFuture<Object> outcome) {
        this.core = core;
        this.job = job;
        this.outcome = outcome;
    }

    /**
     * Waits for the result; throws the task's failure unchecked (see the class comment).
     *
     * @return the task's result (a list of results for {@code mapAsync}); null when the task returned null
     * @throws dev.multiproc.RemoteException when the task threw, the original as its cause
     * @throws dev.multiproc.MultiprocessingException when the thread is interrupted while waiting; its interrupt status stays set
     */
    public R join() {
        return result(null);
    }

    /**
     * Python's {@code get(timeout)}: the result, or {@link ResultTimeoutException} when not ready in time.
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only checks
     * @return the task's result; null when the task returned null
     * @throws ResultTimeoutException when the result was not ready in time; the task goes on running
     * @throws dev.multiproc.RemoteException when the task threw, the original as its cause
     */
    public R get(Duration timeout) {
        return result(Objects.requireNonNull(timeout, "timeout"));
    }

    /** Python's {@code wait()}: waits until the result is ready, without throwing its failure. */
    public void await() {
        settled(null);
    }

    /**
     * Python's {@code wait(timeout)}: waits until the result is ready, without throwing its failure.
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only checks
     * @return true when the result (or failure) is ready, false when the time ran out
     */
    public boolean await(Duration timeout) {
        return settled(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Python's {@code ready()}: never waits.
     *
     * @return true once the call has completed, failed or been cancelled
     */
    public boolean ready() {
        return outcome.isDone();
    }

    /**
     * Python's {@code successful()}: whether the call completed without failing; throws when not ready.
     *
     * @return true when the call completed normally, false when it failed or was cancelled
     * @throws IllegalStateException when the call is not ready yet
     */
    public boolean successful() {
        if (!outcome.isDone()) {
            throw new IllegalStateException(job + " is not ready");
        }
        return !outcome.isCompletedExceptionally();
    }

    @Override
    public R get() throws InterruptedException, ExecutionException {
        spin();
        try {
            return value(outcome.get());
        } catch (ExecutionException e) {
            throw checked(e.getCause());
        }
    }

    @Override
    public R get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return value(outcome.get(timeout, unit));
        } catch (ExecutionException e) {
            throw checked(e.getCause());
        }
    }

    /** Cancels what has not run; with {@code mayInterruptIfRunning}, kills the workers running it. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return job != null && core.cancel(job, mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        if (!outcome.isCompletedExceptionally()) {
            return false;
        }
        try {
            outcome.getNow(null);
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof TaskError && ((TaskError) e.getCause()).isCancellation();
        } catch (CancellationException e) {
            return true;
        }
    }

    @Override
    public boolean isDone() {
        return outcome.isDone();
    }

    /**
     * A new {@link CompletableFuture} completed with the result, or exceptionally with the task's
     * original exception (as the cause {@link Future#get()} reports), for composing with
     * {@code thenApply}, {@code allOf} and the rest of {@link java.util.concurrent.CompletionStage}.
     * Cancelling it cancels the task and kills the worker running it.
     *
     * @return a new future on every call, completed when this result is
     */
    public CompletableFuture<R> toCompletableFuture() {
        CompletableFuture<R> future = new CompletableFuture<>();
        outcome.whenComplete((v, e) -> {
            if (e == null) {
                future.complete(value(v));
            } else {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                future.completeExceptionally(cause instanceof TaskError ? ((TaskError) cause).failure() : cause);
            }
        });
        future.whenComplete((v, e) -> {
            if (future.isCancelled() && !outcome.isDone()) {
                cancel(true);
            }
        });
        return future;
    }

    /** Runs {@code action} once the result is ready (at once when it is). */
    void whenDone(Runnable action) {
        outcome.whenComplete((v, e) -> action.run());
    }

    /** The result within {@code timeout} (null: however long it takes); a failure is thrown unchecked. */
    private R result(Duration timeout) {
        spin();
        try {
            return value(timeout == null ? outcome.get() : outcome.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            throw new ResultTimeoutException("the result of " + job + " was not ready within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            throw interrupted(e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** Whether the call completed, failed or was cancelled within {@code timeout} (null: however long it takes). */
    private boolean settled(Duration timeout) {
        return PoolCore.awaitDone(outcome.handle((v, e) -> null), timeout, "waiting for " + job);
    }

    /** An interrupt while waiting, unchecked as Python's calls are; the thread stays interrupted. */
    private MultiprocessingException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new MultiprocessingException("interrupted while waiting for " + job, e);
    }

    private void spin() {
        long end = System.nanoTime() + SPIN_NANOS;
        while (!outcome.isDone() && System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @SuppressWarnings("unchecked")
    private R value(Object v) {
        return (R) v;
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof TaskError) {
            TaskError error = (TaskError) cause;
            if (error.isCancellation()) {
                return (CancellationException) error.failure();
            }
            return error.toUnchecked();
        }
        return cause instanceof RuntimeException ? (RuntimeException) cause : new MultiprocessingException(String.valueOf(cause), cause);
    }

    private static ExecutionException checked(Throwable cause) {
        if (cause instanceof TaskError) {
            TaskError error = (TaskError) cause;
            if (error.isCancellation()) {
                throw (CancellationException) error.failure();
            }
            return new ExecutionException(error.getMessage(), error.failure());
        }
        return new ExecutionException(cause);
    }

    @Override
    public String toString() {
        return "AsyncResult[" + job + (outcome.isDone() ? successfulText() : " pending") + "]";
    }

    private String successfulText() {
        return outcome.isCompletedExceptionally() ? " failed" : " done";
    }
}
