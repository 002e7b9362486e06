package dev.multiproc.cluster;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.RemoteException;
import dev.multiproc.pool.PendingResult;
import dev.multiproc.pool.ResultTimeoutException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The pending result of a {@link ClusterPool} call: a {@link PendingResult}, as a local
 * {@link dev.multiproc.pool.AsyncResult} is, with the same exceptions (a task that threw gives a
 * {@link RemoteException} whose cause is the original; the {@link Future} methods wrap it in an
 * {@link ExecutionException}), so that code written against {@link PendingResult} waits for
 * either. A task whose member left and that was not run again fails with {@link MemberLostException}.
 *
 * <pre>{@code
 * PendingResult<Integer> r = pool.applyAsync(x -> x * x, 7);   // ClusterPool or Pool
 * r.get(Duration.ofSeconds(5));    // 49, or ResultTimeoutException
 * }</pre>
 *
 * @param <R> the result type
 */
public final class ClusterResult<R> implements PendingResult<R> {
    private final String call;
    private final CompletableFuture<Object> outcome;
    private final Runnable canceller;

    ClusterResult(String call, CompletableFuture<Object> outcome, Runnable canceller) {
        this.call = call;
        this.outcome = outcome;
        this.canceller = canceller;
    }

    @Override
    public R join() {
        try {
            return value(outcome.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting for " + call, e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    @Override
    public R get(Duration timeout) {
        try {
            return value(outcome.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            throw new ResultTimeoutException("the result of " + call + " was not ready within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting for " + call, e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    @Override
    public boolean ready() {
        return outcome.isDone();
    }

    @Override
    public boolean successful() {
        if (!outcome.isDone()) {
            throw new IllegalStateException(call + " is not ready");
        }
        return !outcome.isCompletedExceptionally();
    }

    @Override
    public R get() throws InterruptedException, ExecutionException {
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

    /**
     * Cancels the call: its chunks still waiting are not sent, and those running are killed on
     * their members with the child JVMs running them.
     *
     * @param mayInterruptIfRunning ignored: a running task is always stopped
     * @return whether this call cancelled it
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = outcome.completeExceptionally(new CancellationException(call + " was cancelled"));
        if (cancelled) {
            canceller.run();
        }
        return cancelled;
    }

    @Override
    public boolean isCancelled() {
        return outcome.isCompletedExceptionally() && outcome.handle((v, e) -> e instanceof CancellationException).join();
    }

    @Override
    public boolean isDone() {
        return outcome.isDone();
    }

    /**
     * This call as a {@link CompletableFuture}, failing with the original exception of a task that
     * threw. Cancelling it cancels the call, as it does a local result's.
     *
     * @return a new future that completes with this call
     */
    @Override
    public CompletableFuture<R> toCompletableFuture() {
        CompletableFuture<R> out = new CompletableFuture<>();
        outcome.whenComplete((v, e) -> {
            if (e == null) {
                out.complete(value(v));
            } else {
                out.completeExceptionally(e instanceof RemoteException ? e.getCause() : e);
            }
        });
        out.whenComplete((v, e) -> {
            if (out.isCancelled() && !outcome.isDone()) {
                cancel(true);
            }
        });
        return out;
    }

    /** Runs one of the callbacks when the call ends (now, when it has ended): the result, or the failure as {@link #join} throws it. */
    void whenDone(Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        outcome.whenComplete((v, e) -> {
            if (e == null) {
                if (callback != null) {
                    callback.accept(value(v));
                }
            } else if (errorCallback != null) {
                errorCallback.accept(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private R value(Object v) {
        return (R) v;
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new MultiprocessingException(String.valueOf(cause), cause);
    }

    private static ExecutionException checked(Throwable cause) {
        if (cause instanceof CancellationException) {
            throw (CancellationException) cause;
        }
        return new ExecutionException(cause.getMessage(), cause instanceof RemoteException ? cause.getCause() : cause);
    }

    @Override
    public String toString() {
        return "ClusterResult[" + call + (outcome.isDone() ? (successful() ? " done" : " failed") : " pending") + "]";
    }
}
