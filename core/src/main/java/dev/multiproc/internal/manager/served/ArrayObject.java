package dev.multiproc.internal.manager.served;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.RandomAccess;

/** The server's array: a list of fixed size (elements can be set, not added or removed). */
final class ArrayObject<E> extends AbstractList<E> implements ListOps<E>, RandomAccess {
    private final Object[] elements;

    ArrayObject(Object[] elements) {
        this.elements = elements.clone();
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) elements[index];
    }

    @Override
    public E set(int index, E element) {
        E old = get(index);
        elements[index] = element;
        return old;
    }

    @Override
    public int size() {
        return elements.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ArrayList<E> snapshot() {
        return new ArrayList<>((java.util.List<E>) Arrays.asList(elements));
    }
}
