package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pending result of a call on any pool: Python's {@code AsyncResult} calls and a
 * {@link Future}. {@link AsyncResult} (a {@link Pool}'s) and the cluster pool's result both are
 * one, so that code which waits for results works on either.
 *
 * <pre>{@code
 * static <R> List<R> all(List<? extends PendingResult<R>> calls, Duration each) {
 *     List<R> results = new ArrayList<>();
 *     for (PendingResult<R> call : calls) {
 *         results.add(call.get(each));   // RemoteException when its task threw
 *     }
 *     return results;
 * }
 *
 * all(List.of(pool.applyAsync(x -> x * x, 3), pool.applyAsync(x -> x + 1, 3)), Duration.ofSeconds(5));   // [9, 4]
 * }</pre>
 *
 * <p>The failures are reported as {@link AsyncResult}'s class comment tables them: a task that
 * threw is a {@link dev.multiproc.RemoteException} whose cause is the original from
 * {@link #join()} and {@link #get(Duration)}, an {@link java.util.concurrent.ExecutionException}
 * from the {@link Future} methods, and the original itself from {@link #toCompletableFuture()}.
 *
 * @param <R> the result type
 */
public interface PendingResult<R> extends Future<R> {

    /**
     * Python's {@code get()}: waits for the result as long as it takes.
     *
     * @return the task's result; null when the task returned null
     * @throws dev.multiproc.RemoteException when the task threw, the original as its cause
     * @throws dev.multiproc.MultiprocessingException when the thread is interrupted while waiting
     */
    R join();

    /**
     * Python's {@code get(timeout)}: the result, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only checks
     * @return the task's result; null when the task returned null
     * @throws ResultTimeoutException when the result was not ready in time; the call goes on
     * @throws dev.multiproc.RemoteException when the task threw, the original as its cause
     */
    R get(Duration timeout);

    /**
     * Python's {@code wait()}: waits until the result is ready, without throwing its failure.
     *
     * @throws dev.multiproc.MultiprocessingException when the thread is interrupted while waiting
     */
    default void await() {
        while (!await(Duration.ofDays(1))) {
            // as long as it takes
        }
    }

    /**
     * Python's {@code wait(timeout)}: waits until the result is ready, without throwing its failure.
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only checks
     * @return true when the result (or failure) is ready, false when the time ran out
     * @throws dev.multiproc.MultiprocessingException when the thread is interrupted while waiting
     */
    default boolean await(Duration timeout) {
        try {
            get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException notReady) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting for " + this, e);
        } catch (ExecutionException | CancellationException readyButFailed) {
            // ready: the failure is the caller's to ask for
        }
        return true;
    }

    /**
     * Python's {@code ready()}: never waits.
     *
     * @return true once the call has completed, failed or been cancelled
     */
    boolean ready();

    /**
     * Python's {@code successful()}: whether the call completed without failing.
     *
     * @return true when the call completed normally, false when it failed or was cancelled
     * @throws IllegalStateException when the call is not ready yet
     */
    boolean successful();

    /**
     * A new {@link CompletableFuture} completed with the result, or exceptionally with the task's
     * original exception, for composing with {@code thenApply}, {@code allOf} and the rest of
     * {@link java.util.concurrent.CompletionStage}.
     *
     * @return a new future, completed when this result is
     */
    CompletableFuture<R> toCompletableFuture();
}
