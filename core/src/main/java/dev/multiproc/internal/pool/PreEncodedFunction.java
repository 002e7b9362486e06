package dev.multiproc.internal.pool;

import dev.multiproc.SerializableFunction;

import java.util.Objects;

/**
 * A function its caller has serialized already, handed to the pool with those bytes: the pool
 * ships the bytes as they are instead of encoding the function a second time, and workers decode
 * the function itself (this carrier never reaches them). For the Kotlin DSL, which encodes a task
 * at the call so that one that cannot be shipped fails there; a second encoding of the same lambda
 * was a few microseconds per call.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
public final class PreEncodedFunction<T, R> implements SerializableFunction<T, R> {
    private static final long serialVersionUID = 1L;

    private final transient SerializableFunction<T, R> function;
    private final byte[] encoded;

    /** {@code encoded} must be {@code function} as the core's codec encodes it. */
    public PreEncodedFunction(SerializableFunction<T, R> function, byte[] encoded) {
        this.function = Objects.requireNonNull(function, "function");
        this.encoded = Objects.requireNonNull(encoded, "encoded");
    }

    byte[] encoded() {
        return encoded;
    }

    @Override
    public R apply(T item) {
        return function.apply(item);
    }

    /** Never sent as itself: the pool sends {@link #encoded()}; anything else sends the function. */
    private Object writeReplace() {
        return function;
    }
}
