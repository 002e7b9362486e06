package dev.multiproc.cluster;

import dev.multiproc.SerializableFunction;

/** A function object of the tests; {@link RenamedClasses} makes copies of it under names nobody can serve. */
public final class Doubler implements SerializableFunction<Integer, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer apply(Integer x) {
        return 2 * x;
    }
}
