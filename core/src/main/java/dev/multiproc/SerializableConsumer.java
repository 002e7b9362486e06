package dev.multiproc;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A {@link Consumer} that can be sent to another process, for targets that take one argument:
 * {@code new ChildProcess(Demo::worker, 42)}. See {@link SerializableRunnable}.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {
}
