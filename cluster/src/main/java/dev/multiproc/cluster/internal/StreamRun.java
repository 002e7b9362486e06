package dev.multiproc.cluster.internal;

import dev.multiproc.pool.ResultTimeoutException;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A call whose results are read one by one ({@code imap}, {@code imapUnordered}): in input order
 * or as they come, each result or failure at its place, with at most {@code ahead} tasks read
 * past the consumer (back-pressure: a slow reader holds the input, not the cluster's memory).
 */
public final class StreamRun extends JobRun {
    private final boolean ordered;
    private final long ahead;
    private final Runnable onConsumed;
    private final TreeMap<Long, Object> byIndex = new TreeMap<>();
    private final ArrayDeque<Object> arrivals = new ArrayDeque<>();
    private long consumed;
    private long total = -1;
    private RuntimeException whole;

    public StreamRun(String call, byte[] function, Iterator<?> items, int chunksize, boolean ordered, long ahead,
                     Runnable onConsumed) {
        super(call, function, items, chunksize);
        this.ordered = ordered;
        this.ahead = ahead;
        this.onConsumed = onConsumed;
    }

    @Override
    protected synchronized boolean mayRead(long read) {
        return read - consumed < ahead;
    }

    @Override
    protected synchronized void readAll(long read) {
        total = read;
        if (consumed == total) {
            finish();
        }
        notifyAll();
    }

    @Override
    protected void outcome(long task, byte[] bytes, String member) {
        Object value;
        if (ItemOutcome.isOk(bytes)) {
            try {
                value = ItemOutcome.result(bytes);
            } catch (RuntimeException undecodable) {
                value = new Failed(undecodable);
            }
        } else {
            value = new Failed(ItemOutcome.failure(bytes, describe(task) + " failed on member " + member));
        }
        arrived(task, value);
    }

    @Override
    protected void failed(long task, RuntimeException failure) {
        arrived(task, new Failed(failure));
    }

    @Override
    protected synchronized void fail(long task, RuntimeException failure) {
        whole = failure;
        finish();
        notifyAll();
    }

    private synchronized void arrived(long task, Object value) {
        if (ordered) {
            byIndex.put(task, value);
        } else {
            arrivals.add(value);
        }
        notifyAll();
    }

    /** Whether a next result exists; waits for one, or for the end. */
    public boolean hasNext(long timeoutNanos) {
        synchronized (this) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                if (available() || whole != null) {
                    return true;
                }
                if (total >= 0 && consumed >= total) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ResultTimeoutException("no result of " + call() + " within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new dev.multiproc.MultiprocessingException("interrupted while waiting for " + call(), e);
                }
            }
        }
    }

    /** The next result, waiting at most {@code timeoutNanos}; a failed task throws its failure. */
    public Object next(long timeoutNanos) {
        if (!hasNext(timeoutNanos)) {
            throw new NoSuchElementException("no more results of " + call());
        }
        Object value;
        synchronized (this) {
            if (!available()) {
                throw whole;
            }
            value = ordered ? byIndex.remove(consumed) : arrivals.poll();
            consumed++;
            if (total >= 0 && consumed == total) {
                finish();
            }
        }
        onConsumed.run(); // room for the next chunk
        if (value instanceof Failed) {
            throw ((Failed) value).failure;
        }
        return value;
    }

    private boolean available() {
        return ordered ? byIndex.containsKey(consumed) : !arrivals.isEmpty();
    }

    public synchronized long consumed() {
        return consumed;
    }

    /** Stops the call: nothing more is read or sent. */
    public synchronized void close() {
        finish();
        notifyAll();
    }

    /** A task's failure, kept at its place in the stream. */
    private static final class Failed {
        final RuntimeException failure;

        Failed(RuntimeException failure) {
            this.failure = failure;
        }
    }
}
