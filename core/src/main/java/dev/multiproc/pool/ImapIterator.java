package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.internal.pool.Job;
import dev.multiproc.internal.pool.PoolCore;
import dev.multiproc.internal.pool.ResultSlice;
import dev.multiproc.internal.pool.StreamCollector;
import dev.multiproc.internal.pool.TaskError;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
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
    /** The rest of the chunk being walked, taken from the collector at once: no lock per result. */
    private Object[] batch;
    private int at;

    ImapIterator(PoolCore core, Job job, StreamCollector results) {
        this.core = core;
        this.job = job;
        this.results = results;
    }

    @Override
    public boolean hasNext() {
        if (batch != null) {
            return true;
        }
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

    /**
     * Python's {@code next(timeout)}: {@link ResultTimeoutException} when nothing arrives in time.
     *
     * @param timeout how long to wait at most for the next result, not {@code null}
     * @return the next result; null when the task returned null
     * @throws ResultTimeoutException when no result arrived in time
     */
    public R next(Duration timeout) {
        if (batch != null) {
            return take();
        }
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

    /**
     * Runs {@code callback} once, on a pool thread, as soon as {@link #hasNext()} would answer
     * without waiting; returns false, without registering it, when it would already. For consumers
     * that wait without blocking a thread (coroutines, reactive streams); keep the callback short.
     *
     * <pre>{@code
     * if (!it.onReady(wakeMe)) {
     *     consume(it.nextChunk());    // hasNext() answers at once
     * }
     * }</pre>
     *
     * @param callback run once on a pool thread when a result or the end is there, not {@code null}
     * @return true when registered; false, without registering, when {@code hasNext()} answers at once now
     */
    public boolean onReady(Runnable callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        return batch == null && results.onReady(callback);
    }

    /**
     * The next results at once: the rest of the current chunk, up to the next failed position
     * (the following call throws that failure, as {@link #next()} would). Never empty; for a
     * consumer that handles results in batches, it saves a hand-off per result.
     *
     * <pre>{@code
     * while (it.hasNext()) {
     *     database.insertAll(it.nextChunk());
     * }
     * }</pre>
     *
     * @return the results that are there now, in the iterator's order; at least one
     * @throws NoSuchElementException when there are no more results
     */
    @SuppressWarnings("unchecked")
    public List<R> nextChunk() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more results of " + job);
        }
        fill();
        if (batch[at] instanceof TaskError) {
            return List.of(take()); // throws
        }
        int end = at;
        while (end < batch.length && !(batch[end] instanceof TaskError)) {
            end++;
        }
        List<R> values = new ResultSlice<>(batch, at, end);
        advance(end);
        return values;
    }

    /** The next position, after {@code hasNext()} or {@code await} said there is one. */
    @SuppressWarnings("unchecked")
    private R take() {
        fill();
        Object item = batch[at];
        advance(at + 1);
        if (item instanceof TaskError) {
            throw ((TaskError) item).toUnchecked();
        }
        return (R) item;
    }

    private void fill() {
        if (batch == null) {
            batch = results.takeChunk();
            at = 0;
        }
    }

    private void advance(int to) {
        at = to;
        if (at == batch.length) {
            batch = null;
        }
    }

    /**
     * Tasks finished so far (successfully or not), for progress reports.
     *
     * @return the count, whether or not their results have been read yet
     */
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
     * @param mayInterruptIfRunning true to also kill the workers running the call's chunks
     * @return false when the call had already finished or been cancelled
     */
    public boolean cancel(boolean mayInterruptIfRunning) {
        return core.cancel(job, mayInterruptIfRunning);
    }
}
