package dev.multiproc.internal.manager;

import dev.multiproc.internal.manager.served.ListOps;
import dev.multiproc.manager.ManagedList;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The proxy of a manager's list (or array): each list operation is one call to the server;
 * iterators walk a snapshot (see {@link ManagedList}).
 */
public final class ListProxy<E> extends AbstractList<E> implements ManagedList<E>, RandomAccess {
    private static final long serialVersionUID = 1L;
    private static final MethodTable OPS = MethodTable.of(ListOps.class);
    private static final int SIZE = OPS.indexOf("size");
    private static final int GET = OPS.indexOf("get", int.class);
    private static final int SET = OPS.indexOf("set", int.class, Object.class);
    private static final int ADD = OPS.indexOf("add", Object.class);
    private static final int ADD_AT = OPS.indexOf("add", int.class, Object.class);
    private static final int REMOVE_AT = OPS.indexOf("remove", int.class);
    private static final int REMOVE = OPS.indexOf("remove", Object.class);
    private static final int INDEX_OF = OPS.indexOf("indexOf", Object.class);
    private static final int LAST_INDEX_OF = OPS.indexOf("lastIndexOf", Object.class);
    private static final int CONTAINS = OPS.indexOf("contains", Object.class);
    private static final int CONTAINS_ALL = OPS.indexOf("containsAll", Collection.class);
    private static final int ADD_ALL = OPS.indexOf("addAll", Collection.class);
    private static final int ADD_ALL_AT = OPS.indexOf("addAll", int.class, Collection.class);
    private static final int REMOVE_ALL = OPS.indexOf("removeAll", Collection.class);
    private static final int RETAIN_ALL = OPS.indexOf("retainAll", Collection.class);
    private static final int REMOVE_IF = OPS.indexOf("removeIf", Predicate.class);
    private static final int REPLACE_ALL = OPS.indexOf("replaceAll", UnaryOperator.class);
    private static final int SORT = OPS.indexOf("sort", Comparator.class);
    private static final int CLEAR = OPS.indexOf("clear");
    private static final int SNAPSHOT = OPS.indexOf("snapshot");

    private final ProxyRef ref;

    public ListProxy(ProxyRef ref) {
        this.ref = ref;
    }

    @Override
    public int size() {
        return ref.<Integer>invoke(SIZE);
    }

    @Override
    public E get(int index) {
        return ref.invoke(GET, index);
    }

    @Override
    public E set(int index, E element) {
        return ref.invoke(SET, index, element);
    }

    @Override
    public boolean add(E e) {
        return ref.<Boolean>invoke(ADD, e);
    }

    @Override
    public void add(int index, E element) {
        ref.invoke(ADD_AT, index, element);
    }

    @Override
    public E remove(int index) {
        return ref.invoke(REMOVE_AT, index);
    }

    @Override
    public boolean remove(Object o) {
        return ref.<Boolean>invoke(REMOVE, o);
    }

    @Override
    public int indexOf(Object o) {
        return ref.<Integer>invoke(INDEX_OF, o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return ref.<Integer>invoke(LAST_INDEX_OF, o);
    }

    @Override
    public boolean contains(Object o) {
        return ref.<Boolean>invoke(CONTAINS, o);
    }

    @Override
    public boolean containsAll(Collection<?> c) {
        return ref.<Boolean>invoke(CONTAINS_ALL, new ArrayList<>(c));
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        return ref.<Boolean>invoke(ADD_ALL, new ArrayList<>(c));
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> c) {
        return ref.<Boolean>invoke(ADD_ALL_AT, index, new ArrayList<>(c));
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        return ref.<Boolean>invoke(REMOVE_ALL, new ArrayList<>(c));
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        return ref.<Boolean>invoke(RETAIN_ALL, new ArrayList<>(c));
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        return ref.<Boolean>invoke(REMOVE_IF, Functions.serializable(filter, "removeIf", "serializable Predicate"));
    }

    @Override
    public void replaceAll(UnaryOperator<E> operator) {
        ref.invoke(REPLACE_ALL, Functions.serializable(operator, "replaceAll", "serializable UnaryOperator"));
    }

    @Override
    public void sort(Comparator<? super E> c) {
        ref.invoke(SORT, Functions.serializable(c, "sort", "serializable Comparator"));
    }

    @Override
    public void clear() {
        ref.invoke(CLEAR);
    }

    @Override
    public List<E> copy() {
        return ref.invoke(SNAPSHOT);
    }

    @Override
    public Iterator<E> iterator() {
        return listIterator(0);
    }

    @Override
    public ListIterator<E> listIterator(int index) {
        return Collections.unmodifiableList(copy()).listIterator(index);
    }

    /** The same list (the same manager and id) is equal without asking the server. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ListProxy && ((ListProxy<?>) o).ref.equals(ref) || super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    public ProxyRef ref() {
        return ref;
    }
}
