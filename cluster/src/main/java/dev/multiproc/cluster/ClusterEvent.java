package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.cluster.internal.FirstValue;
import dev.multiproc.cluster.internal.Signer;

import java.time.Duration;
import java.util.UUID;
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

    ClusterEvent(ClusterConfig config, String name, HazelcastInstance driver, Signer driverKey) {
        super(config, name, driver, driverKey);
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
        FirstValue<Boolean> set = new FirstValue<>();
        UUID listener = map.addEntryListener(set, name, true);
        try {
            if (Boolean.TRUE.equals(map.get(name))) {
                return true;
            }
            return Boolean.TRUE.equals(set.future().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
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
}
