package dev.multiproc;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to another process; see {@link SerializableRunnable}.
 *
 * <pre>{@code
 * SerializableBiFunction<Integer, Integer, Integer> mul = Math::multiplyExact;
 * pool.starmap(mul, List.of(Map.entry(2, 3), Map.entry(4, 5)));   // [6, 20]
 * }</pre>
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {
}
