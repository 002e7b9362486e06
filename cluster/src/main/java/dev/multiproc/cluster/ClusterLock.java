package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.MultiprocessingException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A lock shared by the driver and the tasks on every member, over {@code IMap.lock} with a lease:
 * a holder that dies (its member killed) releases it when the lease ends. Owned by the thread that
 * took it, as {@link dev.multiproc.sync.ProcessLock} is by its process.
 *
 * <p>Not linearizable under a split brain: two halves of a partitioned cluster may each grant it.
 *
 * <pre>{@code
 * ClusterLock lock = pool.lock("report", Duration.ofMinutes(1));
 * lock.lock();
 * try {
 *     appendToReport();
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 */
public final class ClusterLock extends ClusterHandle implements Lock {
    private static final long serialVersionUID = 1L;
    /** How long a holder keeps the lock at most. */
    private final long leaseMillis;

    ClusterLock(ClusterConfig config, String name, Duration lease, HazelcastInstance driver) {
        super(config, name, driver, null);
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a lock's lease must be positive: " + lease);
        }
        this.leaseMillis = lease.toMillis();
    }

    private IMap<String, Boolean> map() {
        return hazelcast().getMap("multiproc.locks");
    }

    @Override
    public void lock() {
        map().lock(name, leaseMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        while (!tryLock(1, TimeUnit.SECONDS)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("while waiting for cluster lock " + name);
            }
        }
    }

    @Override
    public boolean tryLock() {
        try {
            return map().tryLock(name, 0, TimeUnit.MILLISECONDS, leaseMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while taking cluster lock " + name, e);
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return map().tryLock(name, time, unit, leaseMillis, TimeUnit.MILLISECONDS);
    }

    /** @throws IllegalMonitorStateException when this thread does not hold it (or its lease ended) */
    @Override
    public void unlock() {
        map().unlock(name);
    }

    /**
     * Whether some thread anywhere holds it now.
     *
     * @return true when it is held
     */
    public boolean isLocked() {
        return map().isLocked(name);
    }

    /** @throws UnsupportedOperationException always: a cluster lock has no condition */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a cluster lock has no condition; use a ClusterEvent or ClusterQueue");
    }
}
