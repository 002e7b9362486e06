package dev.multiproc.cluster;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * Python's {@code Lock} on the cluster, not reentrant and releasable by any thread: a bounded
 * {@link ClusterSemaphore} of one permit. What {@link ClusterManager#lock} returns.
 */
final class ClusterMutex implements Lock, Serializable {
    private static final long serialVersionUID = 1L;

    private final ClusterSemaphore permit;

    ClusterMutex(ClusterSemaphore permit) {
        this.permit = permit;
    }

    @Override
    public void lock() {
        boolean interrupted = false;
        while (true) {
            try {
                permit.acquire();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // lock() is not interruptible: keep waiting, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        return permit.tryAcquire(Duration.ofNanos(unit.toNanos(time)));
    }

    /** @throws IllegalMonitorStateException when the lock is not held */
    @Override
    public void unlock() {
        try {
            permit.release();
        } catch (IllegalStateException notHeld) {
            throw new IllegalMonitorStateException("release of an unlocked lock");
        }
    }

    /** @throws UnsupportedOperationException always: see {@link ClusterManager#condition()} */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a cluster manager's lock has no condition: " + ClusterManager.NO_CONDITION);
    }
}
