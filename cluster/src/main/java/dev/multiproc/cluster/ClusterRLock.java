package dev.multiproc.cluster;

import com.hazelcast.map.IMap;

import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * Python's {@code RLock} on the cluster: the engine's per-key map lock, reentrant and owned by the
 * thread that took it. What {@link ClusterManager#rLock} returns. No lease: the engine frees the
 * locks of a client that leaves (a task's process that dies, a driver that disconnects).
 */
final class ClusterRLock implements Lock, Serializable {
    private static final long serialVersionUID = 1L;
    private static final String KEY = "owner";

    private final ClusterLink link;

    ClusterRLock(ClusterLink link) {
        this.link = link;
    }

    private IMap<String, Boolean> map() {
        return link.cluster().getMap(link.name());
    }

    @Override
    public void lock() {
        map().lock(KEY);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        // the engine's lock() does not stop on an interrupt; waiting in slices of tryLock does
        while (!map().tryLock(KEY, 1, TimeUnit.SECONDS)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("while waiting for " + link.name());
            }
        }
    }

    @Override
    public boolean tryLock() {
        return map().tryLock(KEY);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return map().tryLock(KEY, time, unit);
    }

    /** @throws IllegalMonitorStateException when the calling thread does not hold it */
    @Override
    public void unlock() {
        map().unlock(KEY);
    }

    /** @throws UnsupportedOperationException always: see {@link ClusterManager#condition()} */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a cluster manager's lock has no condition: " + ClusterManager.NO_CONDITION);
    }
}
