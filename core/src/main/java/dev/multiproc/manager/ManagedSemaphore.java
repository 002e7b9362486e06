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
    void acquire() throws InterruptedException;

    boolean tryAcquire();

    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Returns a permit.
     *
     * @throws IllegalStateException for a bounded semaphore released more often than acquired
     */
    void release();

    int availablePermits();
}
