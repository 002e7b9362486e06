package dev.multiproc.manager;

import java.time.Duration;
import java.util.concurrent.locks.Lock;

/**
 * A condition variable and its lock, held by a {@link Manager}: Python's
 * {@code manager.Condition()}. The lock is owned by the calling thread, as a
 * {@link java.util.concurrent.locks.ReentrantLock}'s is.
 *
 * <pre>{@code
 * ManagedCondition cond = manager.condition();
 * cond.lock();
 * try {
 *     while (!done.isSet()) cond.await(Duration.ofSeconds(1));
 * } finally {
 *     cond.unlock();
 * }
 * }</pre>
 */
public interface ManagedCondition extends Lock {
    /**
     * Releases the lock, waits for a signal and takes the lock again.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    void await() throws InterruptedException;

    /**
     * As {@link #await()}, for at most {@code timeout}; false when it passed without a signal.
     *
     * @param timeout how long to wait at most for a signal
     * @return true when signalled, false when the timeout passed first; the lock is held again either way
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** Wakes one thread waiting in {@code await}, in any process: Python's {@code notify()}. The caller holds the lock. */
    void signal();

    /** Wakes every thread waiting in {@code await}, in any process: Python's {@code notify_all()}. The caller holds the lock. */
    void signalAll();
}
