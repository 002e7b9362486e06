package dev.multiproc.sync;

import dev.multiproc.internal.shm.Segment;

/**
 * A {@link ProcessSemaphore} whose value never exceeds its initial value: Python's
 * {@code multiprocessing.BoundedSemaphore}. A {@link #release()} that would exceed it throws
 * {@link IllegalStateException} (Python: {@code ValueError}), which catches a release without a
 * matching acquire.
 *
 * <pre>{@code
 * BoundedProcessSemaphore pool = new BoundedProcessSemaphore(3);
 * pool.acquireUninterruptibly();
 * pool.release();
 * pool.release();   // IllegalStateException: released too many times
 * }</pre>
 */
public final class BoundedProcessSemaphore extends ProcessSemaphore {
    private static final long serialVersionUID = 1L;

    /**
     * A semaphore with {@code permits} permits, which is also its bound.
     *
     * @param permits the initial number of permits and the most it may ever hold, 0 or more
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedProcessSemaphore(int permits) {
        super(create(permits, permits));
    }

    BoundedProcessSemaphore(Segment segment) {
        super(segment);
    }
}
