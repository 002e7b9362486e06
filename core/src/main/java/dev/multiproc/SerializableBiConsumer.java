package dev.multiproc;

import java.io.Serializable;
import java.util.function.BiConsumer;

/**
 * A {@link BiConsumer} that can be sent to another process, for targets that take two arguments:
 * {@code new ChildProcess(Demo::worker, queue, 42)}. See {@link SerializableRunnable}.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 */
@FunctionalInterface
public interface SerializableBiConsumer<T, U> extends BiConsumer<T, U>, Serializable {
}
