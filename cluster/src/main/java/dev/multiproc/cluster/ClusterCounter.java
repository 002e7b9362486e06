package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.internal.CounterAdd;
import dev.multiproc.cluster.internal.Signer;

/**
 * A long shared by the driver and the tasks on every member: one key of a Hazelcast map, changed
 * atomically on the member that owns it by an entry processor (no lost update, no lock).
 *
 * <pre>{@code
 * ClusterCounter done = pool.counter("done");
 * pool.map(x -> done.incrementAndGet(), items);
 * done.get();   // items.size()
 * }</pre>
 */
public final class ClusterCounter extends ClusterHandle {
    private static final long serialVersionUID = 1L;

    ClusterCounter(ClusterConfig config, String name, HazelcastInstance driver, Signer driverKey) {
        super(config, name, driver, driverKey);
    }

    private IMap<String, Long> map() {
        return hazelcast().getMap("multiproc.counters");
    }

    /**
     * Adds {@code delta} atomically.
     *
     * @param delta what to add, may be negative
     * @return the value after the addition
     */
    public long addAndGet(long delta) {
        return map().executeOnKey(name, new CounterAdd(delta));
    }

    /**
     * Adds one atomically.
     *
     * @return the value after the addition
     */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * The value now.
     *
     * @return it; 0 before the first change
     */
    public long get() {
        Long value = map().get(name);
        return value == null ? 0 : value;
    }

    /**
     * Sets the value.
     *
     * @param value the new value
     */
    public void set(long value) {
        map().set(name, value);
    }
}
