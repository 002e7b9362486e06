package dev.multiproc.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A map listener on one key that counts the writes there, so that a waiter registered before its
 * first attempt learns of every change after it: how a semaphore's waiter knows when to try again
 * without polling.
 *
 * <pre>{@code
 * Changes changes = new Changes();
 * UUID id = map.addEntryListener(changes, key, false);
 * while (!tryTake()) changes.await(remainingNanos);
 * }</pre>
 */
public final class Changes implements EntryAddedListener<String, Object>, EntryUpdatedListener<String, Object> {
    private final Semaphore writes = new Semaphore(0);

    /**
     * Waits for a write since the last call, at most {@code nanos}.
     *
     * @return true when there was one
     */
    public boolean await(long nanos) throws InterruptedException {
        boolean changed = writes.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        writes.drainPermits(); // several writes: one attempt covers them all
        return changed;
    }

    @Override
    public void entryAdded(EntryEvent<String, Object> event) {
        writes.release();
    }

    @Override
    public void entryUpdated(EntryEvent<String, Object> event) {
        writes.release();
    }
}
