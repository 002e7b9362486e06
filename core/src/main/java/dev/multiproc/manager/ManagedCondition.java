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
    /** Releases the lock, waits for a signal and takes the lock again. */
    void await() throws InterruptedException;

    /** As {@link #await()}, for at most {@code timeout}; false when it passed without a signal. */
    boolean await(Duration timeout) throws InterruptedException;

    void signal();

    void signalAll();
}
