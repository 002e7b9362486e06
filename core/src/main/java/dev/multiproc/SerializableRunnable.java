package dev.multiproc;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to another process.
 *
 * <p>A Java lambda or method reference becomes serializable when its target type is, so
 * {@code new ChildProcess(() -> System.out.println("hi"))} ships as it is. Everything the lambda
 * captures must be serializable too; {@link SerializationException} names what is not.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
