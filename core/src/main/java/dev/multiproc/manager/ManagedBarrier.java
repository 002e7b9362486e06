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
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    int await() throws InterruptedException;

    /**
     * As {@link #await()}; a timeout breaks the barrier, as in Python.
     *
     * @param timeout how long to wait at most for the other parties
     * @return the arrival index: {@code parties - 1} for the first, 0 for the last
     * @throws BarrierBrokenException when the barrier is or becomes broken, or the timeout passes
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    int await(Duration timeout) throws InterruptedException;

    /** Returns the barrier to its empty state; parties waiting now get {@link BarrierBrokenException}. */
    void reset();

    /** Breaks the barrier: waiting and later {@code await} calls throw {@link BarrierBrokenException} until {@link #reset()}. */
    void abort();

    /**
     * The number of parties needed to pass.
     *
     * @return the {@code parties} the barrier was created with
     */
    int getParties();

    /**
     * Parties waiting in the current round: Python's {@code n_waiting}.
     *
     * @return how many parties, in any process, wait now
     */
    int getNumberWaiting();

    /**
     * Tells whether the barrier is broken: Python's {@code broken}.
     *
     * @return true after an abort or a timeout, until {@link #reset()}
     */
    boolean isBroken();
}
