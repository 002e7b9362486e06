package dev.multiproc.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.multiproc.MultiprocessingException;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link dev.multiproc.sync.ProcessEvent} across the cluster: a flag in a Hazelcast map, and a
 * listener that wakes the waiters when it is set.
 *
 * <pre>{@code
 * ClusterEvent go = pool.event("go");
 * ClusterResult<String> r = pool.applyAsync(() -> go.await(Duration.ofMinutes(1)) ? "went" : "timed out");
 * go.set();
 * r.join();   // "went"
 * }</pre>
 */
public final class ClusterEvent extends ClusterHandle {
    private static final long serialVersionUID = 1L;

    ClusterEvent(ClusterConfig config, String name) {
        super(config, name);
    }

    private IMap<String, Boolean> map() {
        return hazelcast().getMap("multiproc.events");
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        map().set(name, Boolean.TRUE);
    }

    /** Clears the flag. */
    public void clear() {
        map().delete(name);
    }

    /**
     * Whether the flag is set.
     *
     * @return true once {@link #set()} and until {@link #clear()}
     */
    public boolean isSet() {
        return Boolean.TRUE.equals(map().get(name));
    }

    /**
     * Waits until the flag is set, at most {@code timeout}.
     *
     * @param timeout how long to wait at most, not {@code null}
     * @return true when it is set, false when the time ran out
     */
    public boolean await(Duration timeout) {
        IMap<String, Boolean> map = map();
        CompletableFuture<Boolean> set = new CompletableFuture<>();
        UUID listener = map.addEntryListener(new Wake(set), name, true);
        try {
            if (Boolean.TRUE.equals(map.get(name))) {
                return true;
            }
            return set.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting for cluster event " + name, e);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            map.removeEntryListener(listener);
        }
    }

    /** Completes when the flag is set. */
    private static final class Wake implements EntryAddedListener<String, Boolean>, EntryUpdatedListener<String, Boolean> {
        private final CompletableFuture<Boolean> set;

        Wake(CompletableFuture<Boolean> set) {
            this.set = set;
        }

        @Override
        public void entryAdded(EntryEvent<String, Boolean> event) {
            set.complete(Boolean.TRUE);
        }

        @Override
        public void entryUpdated(EntryEvent<String, Boolean> event) {
            set.complete(Boolean.TRUE);
        }
    }
}
