package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.internal.pool.Job;
import dev.multiproc.internal.pool.PoolCore;
import dev.multiproc.internal.pool.StreamCollector;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

/**
 * The results of {@code imap} (input order) or {@code imapUnordered} (as they finish), as they
 * arrive. The input is read as tasks are dispatched, and no further than a bounded distance ahead
 * of what has been consumed.
 *
 * <pre>{@code
 * try (ImapIterator<Integer> it = pool.imap(x -> x * x, numbers)) {
 *     while (it.hasNext()) {
 *         System.out.println(it.next(Duration.ofSeconds(10)));
 *     }
 * }
 * }</pre>
 *
 * Each input position yields its value, or throws its failure from {@code next} (a
 * {@link dev.multiproc.RemoteException} whose cause is the task's exception, a
 * {@link WorkerDiedException}, ...) after which iteration may continue. An exception of the input
 * iterable is thrown at the position where it occurred and ends the iteration, as in Python.
 * {@link #close()} cancels what has not run yet.
 *
 * @param <R> the result type
 */
public final class ImapIterator<R> implements Iterator<R>, Iterable<R>, AutoCloseable {
    private final PoolCore core;
    private final Job job;
    private final StreamCollector results;

    ImapIterator(PoolCore core, Job job, StreamCollector results) {
        this.core = core;
        this.job = job;
        this.results = results;
    }

    @Override
    public boolean hasNext() {
        try {
            return results.await(null);
        } catch (TimeoutException impossible) {
            throw new IllegalStateException(impossible);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting for " + job, e);
        }
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more results of " + job);
        }
        return take();
    }

    /** Python's {@code next(timeout)}: {@link ResultTimeoutException} when nothing arrives in time. */
    public R next(Duration timeout) {
        try {
            if (!results.await(timeout)) {
                throw new NoSuchElementException("no more results of " + job);
            }
        } catch (TimeoutException e) {
            throw new ResultTimeoutException("no result of " + job + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting for " + job, e);
        }
        return take();
    }

    @SuppressWarnings("unchecked")
    private R take() {
        return (R) results.take();
    }

    /** Tasks finished so far (successfully or not). */
    public long done() {
        return results.progress().done();
    }

    @Override
    public Iterator<R> iterator() {
        return this;
    }

    /** Stops dispatching the rest of the input; tasks already running finish and are discarded. */
    @Override
    public void close() {
        core.cancel(job, false);
    }

    /**
     * Stops the call: the rest of the input is not dispatched, and with {@code mayInterruptIfRunning}
     * the workers running its chunks are killed (the pool replaces them). A waiting {@code next}
     * throws {@link java.util.concurrent.CancellationException}.
     *
     * @return false when the call had already finished or been cancelled
     */
    public boolean cancel(boolean mayInterruptIfRunning) {
        return core.cancel(job, mayInterruptIfRunning);
    }
}
