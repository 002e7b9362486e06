package dev.multiproc.manager;

import dev.multiproc.sync.BarrierBrokenException;

import java.time.Duration;

/**
 * A barrier held by a {@link Manager}: Python's {@code manager.Barrier(parties)}.
 *
 * <pre>{@code
 * ManagedBarrier start = manager.barrier(3);
 * // in each of 3 processes:
 * int arrival = start.await();          // parties - 1 for the first to arrive ... 0 for the last
 * }</pre>
 */
public interface ManagedBarrier {
    /**
     * Waits until every party has arrived.
     *
     * @return the arrival index: {@code parties - 1} for the first, 0 for the last
     * @throws BarrierBrokenException when the barrier is or becomes broken (reset, abort, a timeout)
     */
    int await() throws InterruptedException;

    /** As {@link #await()}; a timeout breaks the barrier, as in Python. */
    int await(Duration timeout) throws InterruptedException;

    void reset();

    void abort();

    int getParties();

    int getNumberWaiting();

    boolean isBroken();
}
