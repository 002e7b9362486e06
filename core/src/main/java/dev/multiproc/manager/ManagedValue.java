package dev.multiproc.manager;

import dev.multiproc.SerializableFunction;

/**
 * One value held by a {@link Manager}: Python's {@code manager.Value(typecode, value)}, for any
 * serializable type. Unlike Python's, the updates here are atomic.
 *
 * <pre>{@code
 * ManagedValue<Integer> hits = manager.value(0);
 * hits.updateAndGet(n -> n + 1);        // atomic on the server, from any process
 * }</pre>
 */
public interface ManagedValue<T> {
    T get();

    void set(T value);

    /** Sets {@code update} when the value {@code equals} {@code expected}. */
    boolean compareAndSet(T expected, T update);

    /** Applies {@code update} on the server, atomically, and returns the new value. */
    T updateAndGet(SerializableFunction<? super T, ? extends T> update);
}
