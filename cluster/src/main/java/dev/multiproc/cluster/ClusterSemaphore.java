package dev.multiproc.cluster;

import com.hazelcast.map.IMap;
import dev.multiproc.cluster.internal.Changes;
import dev.multiproc.cluster.internal.PermitGive;
import dev.multiproc.cluster.internal.PermitTake;
import dev.multiproc.manager.ManagedSemaphore;

import java.io.Serializable;
import java.time.Duration;
import java.util.UUID;

/**
 * {@link ManagedSemaphore} as a count of permits in one map entry, taken and given back by entry
 * processors on the member that owns it (no user data there: a number): what
 * {@link ClusterManager#semaphore} returns. A waiter listens to the entry before it tries, so a
 * release anywhere wakes it without polling.
 *
 * <p>Permits are not tied to their taker: a task that dies holding one (its member killed) does
 * not give it back, as with Python's semaphores when a process dies.
 */
final class ClusterSemaphore implements ManagedSemaphore, Serializable {
    private static final long serialVersionUID = 1L;
    private static final String KEY = "permits";
    private static final long FOREVER = Long.MAX_VALUE;

    private final ClusterLink link;
    /** The most permits it may hold; 0 for no bound. */
    private final int bound;

    ClusterSemaphore(ClusterLink link, int bound) {
        this.link = link;
        this.bound = bound;
    }

    private IMap<String, Integer> map() {
        return link.cluster().getMap(link.name());
    }

    /** Sets the permits a new semaphore starts with. */
    void init(int permits) {
        map().set(KEY, permits);
    }

    @Override
    public void acquire() throws InterruptedException {
        take(FOREVER);
    }

    @Override
    public boolean tryAcquire() {
        return map().executeOnKey(KEY, new PermitTake());
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return take(timeout.toNanos());
    }

    /** Takes a permit, waiting at most {@code nanos} ({@link #FOREVER}: no limit). */
    private boolean take(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("while waiting for a permit of " + link.name());
        }
        if (tryAcquire()) {
            return true;
        }
        IMap<String, Integer> map = map();
        Changes changes = new Changes();
        UUID listener = map.addEntryListener(changes, KEY, false);
        long deadline = nanos == FOREVER ? 0 : System.nanoTime() + nanos;
        try {
            while (!tryAcquire()) {
                long left = nanos == FOREVER ? Duration.ofHours(1).toNanos() : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changes.await(left);
            }
            return true;
        } finally {
            map.removeEntryListener(listener);
        }
    }

    @Override
    public void release() {
        if (!map().executeOnKey(KEY, new PermitGive(bound))) {
            throw new IllegalStateException("semaphore " + link.name() + " released more often than acquired (bound "
                    + bound + ")");
        }
    }

    @Override
    public int availablePermits() {
        Integer permits = map().get(KEY);
        return permits == null ? 0 : permits;
    }

    @Override
    public String toString() {
        return "Semaphore[" + link.name() + ", " + availablePermits() + " free]";
    }
}
