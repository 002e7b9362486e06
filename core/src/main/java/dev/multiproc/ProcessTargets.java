package dev.multiproc;

import java.util.Objects;

/**
 * A consumer and its arguments made into the one {@link SerializableRunnable} a
 * {@link ChildProcess} runs: Python's {@code Process(target=f, args=(a, b))}. The arguments are
 * captured by the lambda, so they travel to the child with it.
 */
final class ProcessTargets {
    private ProcessTargets() {
    }

    static <T> SerializableRunnable of(SerializableConsumer<T> target, T arg) {
        Objects.requireNonNull(target, "target");
        return () -> target.accept(arg);
    }

    static <T, U> SerializableRunnable of(SerializableBiConsumer<T, U> target, T first, U second) {
        Objects.requireNonNull(target, "target");
        return () -> target.accept(first, second);
    }

    static <A, B, C> SerializableRunnable of(SerializableTriConsumer<A, B, C> target, A first, B second, C third) {
        Objects.requireNonNull(target, "target");
        return () -> target.accept(first, second, third);
    }
}
