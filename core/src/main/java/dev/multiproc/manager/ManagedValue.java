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
 *
 * @param <T> the type of the value
 */
public interface ManagedValue<T> {
    /**
     * The value held on the server: Python's {@code value.value}.
     *
     * @return a copy of the value; may be null
     */
    T get();

    /**
     * Replaces the value held on the server.
     *
     * @param value the new value, serializable; may be null
     */
    void set(T value);

    /**
     * Sets {@code update} when the value {@code equals} {@code expected}.
     *
     * @param expected the value the server must hold, compared with {@code equals}; may be null
     * @param update   the new value, serializable; may be null
     * @return true when the value was replaced, false when it differed from {@code expected}
     */
    boolean compareAndSet(T expected, T update);

    /**
     * Applies {@code update} on the server, atomically, and returns the new value.
     *
     * @param update the function from the current to the new value; it runs on the server
     * @return a copy of the new value
     */
    T updateAndGet(SerializableFunction<? super T, ? extends T> update);
}
