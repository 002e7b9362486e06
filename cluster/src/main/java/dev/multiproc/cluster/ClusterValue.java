package dev.multiproc.cluster;

import dev.multiproc.SerializableFunction;
import dev.multiproc.manager.ManagedValue;

import java.io.Serializable;

/**
 * {@link ManagedValue} as the one entry of a {@link ClusterDict}: what {@link ClusterManager#value}
 * returns. Its updates are the dict's compare-and-set, so {@code updateAndGet}'s function runs in
 * the caller and may run again when another process won the race.
 */
final class ClusterValue<T> implements ManagedValue<T>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final String KEY = "value";

    private final ClusterDict<String, T> holder;

    ClusterValue(ClusterDict<String, T> holder) {
        this.holder = holder;
    }

    @Override
    public T get() {
        return holder.get(KEY);
    }

    @Override
    public void set(T value) {
        holder.put(KEY, value);
    }

    @Override
    public boolean compareAndSet(T expected, T update) {
        return holder.replace(KEY, expected, update);
    }

    @Override
    public T updateAndGet(SerializableFunction<? super T, ? extends T> update) {
        return holder.updateKeepingNull(KEY, update::apply);
    }

    @Override
    public String toString() {
        return "Value(" + get() + ")";
    }
}
