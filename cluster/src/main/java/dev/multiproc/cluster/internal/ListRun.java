package dev.multiproc.cluster.internal;

import dev.multiproc.pool.ProgressListener;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A call whose results come back together ({@code map}, {@code starmap}, {@code apply}): the
 * results in input order, or the first failure, which ends the call (the rest is cancelled).
 */
public final class ListRun extends JobRun {
    private final Object[] results;
    private final boolean single;
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final ProgressListener progress;
    private long remaining;
    private long done;

    /**
     * @param single the outcome is the one result itself ({@code apply}), not a list
     * @param progress told (done, size) after each chunk answered, before its results are delivered; may be null
     */
    public ListRun(String call, byte[] function, Iterator<?> items, int size, int chunksize, boolean single,
                   ProgressListener progress) {
        super(call, function, items, chunksize);
        this.results = new Object[size];
        this.remaining = size;
        this.single = single;
        this.progress = progress;
        if (size == 0) {
            complete();
        }
    }

    public CompletableFuture<Object> outcome() {
        return outcome;
    }

    @Override
    protected void progressed(int tasks) {
        if (progress == null) {
            return;
        }
        synchronized (progress) { // one report at a time, in order, as locally
            done += tasks;
            try {
                progress.update(done, results.length);
            } catch (RuntimeException e) {
                System.err.println("multiproc: a progress listener threw: " + e);
            }
        }
    }

    @Override
    protected boolean mayRead(long read) {
        return true;
    }

    @Override
    protected void readAll(long total) {
    }

    @Override
    protected void outcome(long task, byte[] bytes, String member) {
        if (!ItemOutcome.isOk(bytes)) {
            fail(task, ItemOutcome.failure(bytes, describe(task) + " failed on member " + member));
            return;
        }
        Object value;
        try {
            value = ItemOutcome.result(bytes);
        } catch (RuntimeException undecodable) {
            fail(task, undecodable);
            return;
        }
        boolean done;
        synchronized (this) {
            results[(int) task] = value;
            done = --remaining == 0;
        }
        if (done) {
            complete();
        }
    }

    private void complete() {
        finish();
        outcome.complete(single ? results[0] : Arrays.asList(results));
    }

    @Override
    protected void failed(long task, RuntimeException failure) {
        fail(task, failure);
    }

    @Override
    protected void fail(long task, RuntimeException failure) {
        finish();
        outcome.completeExceptionally(failure);
    }

    /** The results, as a list the caller owns. */
    @SuppressWarnings("unchecked")
    public static <R> List<R> list(Object outcome) {
        return (List<R>) outcome;
    }
}
