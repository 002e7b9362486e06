package dev.multiproc;

import java.io.Serializable;

/**
 * A three-argument consumer that can be sent to another process, for targets that take three
 * arguments: {@code new ChildProcess(Demo::worker, queue, lock, 42)}. See {@link SerializableRunnable};
 * targets with more arguments take them as an array (see {@link ChildProcess}).
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 */
@FunctionalInterface
public interface SerializableTriConsumer<A, B, C> extends Serializable {
    /**
     * Runs the target with its three arguments.
     *
     * @param first  the first argument
     * @param second the second argument
     * @param third  the third argument
     */
    void accept(A first, B second, C third);
}
