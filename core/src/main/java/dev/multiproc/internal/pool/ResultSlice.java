package dev.multiproc.internal.pool;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A read-only view of part of a chunk's result array: what {@code ImapIterator.nextChunk()}
 * returns. One level of indirection, where {@code unmodifiableList(asList(a).subList(..))} had
 * three: a consumer that walks every result of a large map (the Kotlin DSL emits each one) paid
 * for the chain on every element.
 *
 * @param <E> the element type
 */
public final class ResultSlice<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] values;
    private final int from;
    private final int size;

    public ResultSlice(Object[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, values.length);
        this.values = values;
        this.from = from;
        this.size = to - from;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) values[from + Objects.checkIndex(index, size)];
    }

    @Override
    public int size() {
        return size;
    }
}
