package dev.multiproc.cluster;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.manager.ManagedEvent;

import java.io.Serializable;
import java.time.Duration;

/** {@link ManagedEvent} over a {@link ClusterEvent}: what {@link ClusterManager#event} returns. */
final class ClusterManagedEvent implements ManagedEvent, Serializable {
    private static final long serialVersionUID = 1L;
    /** How long one wait of {@link #await()} lasts before it waits again. */
    private static final Duration SLICE = Duration.ofHours(1);

    private final ClusterEvent event;

    ClusterManagedEvent(ClusterEvent event) {
        this.event = event;
    }

    @Override
    public void set() {
        event.set();
    }

    @Override
    public void clear() {
        event.clear();
    }

    @Override
    public boolean isSet() {
        return event.isSet();
    }

    @Override
    public void await() throws InterruptedException {
        while (!await(SLICE)) {
            // not set yet: wait another slice
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("while waiting for cluster event " + event.name());
        }
        try {
            return event.await(timeout);
        } catch (MultiprocessingException e) {
            if (e.getCause() instanceof InterruptedException && Thread.interrupted()) {
                throw (InterruptedException) e.getCause();
            }
            throw e;
        }
    }
}
