package dev.multiproc.internal.manager.served;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The server's plain lock: Python's {@code threading.Lock}, which has no owner (any caller may
 * release it), hence a one-permit semaphore rather than a {@code ReentrantLock}. Public and open
 * so that a registered type can extend the plain lock's behaviour (e.g. to count its waiters).
 */
public class LockObject implements Lock {
    private final Semaphore permit = new Semaphore(1);

    /** An unlocked lock. */
    public LockObject() {
    }

    @Override
    public void lock() {
        permit.acquireUninterruptibly();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        permit.acquire();
    }

    @Override
    public boolean tryLock() {
        return permit.tryAcquire();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return permit.tryAcquire(time, unit);
    }

    @Override
    public synchronized void unlock() {
        if (permit.availablePermits() > 0) {
            throw new IllegalMonitorStateException("release of an unlocked lock");
        }
        permit.release();
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a manager's lock has no conditions: use manager.condition()");
    }

    @Override
    public String toString() {
        return permit.availablePermits() == 0 ? "Lock(locked)" : "Lock(unlocked)";
    }
}
