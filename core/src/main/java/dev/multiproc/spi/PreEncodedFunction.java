package dev.multiproc.spi;

import dev.multiproc.SerializableFunction;

import java.util.Objects;

/**
 * A function its caller has serialized already, handed to the pool with those bytes: the pool
 * ships the bytes as they are instead of encoding the function a second time, and workers decode
 * the function itself (this carrier never reaches them). For a front end that encodes a task at
 * the call (the Kotlin DSL does), so that one that cannot be shipped fails there; a second encoding
 * of the same lambda was a few microseconds per call.
 *
 * <pre>{@code
 * SerializableFunction<Integer, Integer> square = x -> x * x;
 * pool.map(new PreEncodedFunction<>(square, ValueCodec.encode(square)), List.of(1, 2, 3));
 * }</pre>
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
public final class PreEncodedFunction<T, R> implements SerializableFunction<T, R> {
    private static final long serialVersionUID = 1L;

    private final transient SerializableFunction<T, R> function;
    /** The function as the engine's codec encodes it. */
    private final byte[] encoded;

    /**
     * A function with its encoding.
     *
     * @param function the function, called when this carrier runs in the caller's own JVM
     * @param encoded {@code function} as {@link ValueCodec#encode} encodes it; not copied, so not to be changed afterwards
     */
    public PreEncodedFunction(SerializableFunction<T, R> function, byte[] encoded) {
        this.function = Objects.requireNonNull(function, "function");
        this.encoded = Objects.requireNonNull(encoded, "encoded");
    }

    /**
     * The bytes the pool ships in place of this carrier.
     *
     * @return the encoding given to the constructor (not a copy: callers must not change it)
     */
    public byte[] encoded() {
        return encoded;
    }

    /**
     * Runs the function itself (in the caller's JVM; workers run the decoded function).
     *
     * @param item the argument
     * @return the function's result
     */
    @Override
    public R apply(T item) {
        return function.apply(item);
    }

    /**
     * Never sent as itself: the pool sends {@link #encoded()}; anything else sends the function.
     *
     * @return the function
     */
    private Object writeReplace() {
        return function;
    }
}
