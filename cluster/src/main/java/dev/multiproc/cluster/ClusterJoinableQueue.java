package dev.multiproc.cluster;

import com.hazelcast.map.IMap;
import dev.multiproc.cluster.internal.Changes;
import dev.multiproc.cluster.internal.PermitGive;
import dev.multiproc.cluster.internal.PermitTake;
import dev.multiproc.manager.ManagedJoinableQueue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@link ManagedJoinableQueue} on the cluster: a {@link ClusterBlockingQueue} and a count of
 * unfinished items in a map entry of its own, what {@link ClusterManager#joinableQueue} returns.
 *
 * <p>Why the count goes up before the item goes in: the engine cannot change both in one step,
 * and counting first means {@link #join()} may wait for an item still being put but never returns
 * while one is unfinished (a put that fails takes its count back).
 */
final class ClusterJoinableQueue<E> extends ClusterBlockingQueue<E> implements ManagedJoinableQueue<E> {
    private static final long serialVersionUID = 1L;
    private static final String KEY = "unfinished";
    /** How long {@link #join()} waits for a change before it reads the count again. */
    private static final long SLICE = Duration.ofMinutes(1).toNanos();

    ClusterJoinableQueue(ClusterLink link) {
        super(link);
    }

    /** The map that holds the count: the queue's name with a suffix, destroyed with it. */
    IMap<String, Integer> counts() {
        return link.cluster().getMap(link.name() + ".unfinished");
    }

    private void countOne() {
        counts().executeOnKey(KEY, new PermitGive(0));
    }

    private boolean uncountOne() {
        return counts().executeOnKey(KEY, new PermitTake());
    }

    @Override
    public boolean offer(E item) {
        countOne();
        boolean put = false;
        try {
            put = super.offer(item);
            return put;
        } finally {
            if (!put) {
                uncountOne();
            }
        }
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        countOne();
        boolean put = false;
        try {
            put = super.offer(item, timeout, unit);
            return put;
        } finally {
            if (!put) {
                uncountOne();
            }
        }
    }

    @Override
    public void put(E item) throws InterruptedException {
        countOne();
        boolean put = false;
        try {
            super.put(item);
            put = true;
        } finally {
            if (!put) {
                uncountOne();
            }
        }
    }

    @Override
    public void taskDone() {
        if (!uncountOne()) {
            throw new IllegalStateException("taskDone() called more often than items were put on " + link.name());
        }
    }

    @Override
    public void join() throws InterruptedException {
        IMap<String, Integer> counts = counts();
        Changes changes = new Changes();
        UUID listener = counts.addEntryListener(changes, KEY, false);
        try {
            while (unfinished(counts) > 0) {
                changes.await(SLICE);
            }
        } finally {
            counts.removeEntryListener(listener);
        }
    }

    private static int unfinished(IMap<String, Integer> counts) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("while joining a cluster queue");
        }
        Integer count = counts.get(KEY);
        return count == null ? 0 : count;
    }
}
