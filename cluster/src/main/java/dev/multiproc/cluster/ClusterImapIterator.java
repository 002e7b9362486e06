package dev.multiproc.cluster;

import dev.multiproc.cluster.internal.StreamRun;

import java.time.Duration;
import java.util.Iterator;

/**
 * The results of {@link ClusterPool#imap} or {@link ClusterPool#imapUnordered}, computed on the
 * cluster as they are read. A task that threw throws its {@link dev.multiproc.RemoteException}
 * from {@link #next()} at its place; the iteration may go on past it. Close it to stop the call.
 *
 * <pre>{@code
 * try (ClusterImapIterator<Integer> it = pool.imap(x -> x * x, List.of(1, 2, 3))) {
 *     it.forEachRemaining(System.out::println);
 * }
 * }</pre>
 *
 * @param <R> the result type
 */
public final class ClusterImapIterator<R> implements Iterator<R>, Iterable<R>, AutoCloseable {
    private final StreamRun run;
    private final Runnable canceller;

    ClusterImapIterator(StreamRun run, Runnable canceller) {
        this.run = run;
        this.canceller = canceller;
    }

    @Override
    public boolean hasNext() {
        return run.hasNext(Long.MAX_VALUE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        return (R) run.next(Long.MAX_VALUE);
    }

    /**
     * The next result, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait at most, not {@code null}
     * @return the next result
     * @throws dev.multiproc.pool.ResultTimeoutException when none came in time
     * @throws java.util.NoSuchElementException when there is none left
     */
    @SuppressWarnings("unchecked")
    public R next(Duration timeout) {
        return (R) run.next(timeout.toNanos());
    }

    /** @return how many results have been read */
    public long done() {
        return run.consumed();
    }

    @Override
    public Iterator<R> iterator() {
        return this;
    }

    /** Stops the call: no more input is read, the chunks running are killed on their members. */
    @Override
    public void close() {
        if (!run.isFinished()) {
            run.close();
            canceller.run();
        }
    }
}
