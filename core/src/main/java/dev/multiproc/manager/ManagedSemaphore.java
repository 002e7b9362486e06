package dev.multiproc.manager;

import java.time.Duration;

/**
 * A semaphore held by a {@link Manager}: Python's {@code manager.Semaphore(n)} and
 * {@code BoundedSemaphore(n)}. A waiting {@code acquire} waits on the server, blocking only the
 * calling thread.
 *
 * <pre>{@code
 * ManagedSemaphore slots = manager.semaphore(2);
 * slots.acquire();
 * try { download(); } finally { slots.release(); }
 * }</pre>
 */
public interface ManagedSemaphore {
    /**
     * Takes a permit, waiting on the server while there is none.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    void acquire() throws InterruptedException;

    /**
     * Takes a permit if one is available now.
     *
     * @return true when a permit was taken, false when none was available
     */
    boolean tryAcquire();

    /**
     * Waits at most {@code timeout} for a permit.
     *
     * @param timeout how long to wait at most
     * @return true when a permit was taken, false when the time ran out
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Returns a permit.
     *
     * @throws IllegalStateException for a bounded semaphore released more often than acquired
     */
    void release();

    /**
     * Permits available now: Python's {@code get_value()}.
     *
     * @return the number of permits free at the moment the server answered
     */
    int availablePermits();
}
