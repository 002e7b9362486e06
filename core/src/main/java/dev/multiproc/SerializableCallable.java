package dev.multiproc;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to another process; see {@link SerializableRunnable}.
 *
 * @param <V> the result type, which must be serializable to come back
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {
}
