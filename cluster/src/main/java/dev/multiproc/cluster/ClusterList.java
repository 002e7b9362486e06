package dev.multiproc.cluster;

import com.hazelcast.collection.IList;
import dev.multiproc.cluster.internal.Seals;
import dev.multiproc.connection.AuthenticationException;
import dev.multiproc.manager.ManagedList;
import dev.multiproc.spi.ValueCodec;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * {@link ManagedList} over a Hazelcast {@code IList} of sealed elements (see {@link Seals}): what
 * {@link ClusterManager#list} returns. Reads, {@code add}, {@code set}, {@code remove} and
 * {@code addAll} are one atomic operation each; iteration, {@code subList}, {@code equals} and
 * {@code toString} use a snapshot taken in one round trip.
 *
 * <p>{@code sort}, {@code removeIf} and {@code replaceAll} read a snapshot, change it here and
 * write the whole list back: the engine's list has no compare-and-set, so unlike a
 * {@link dev.multiproc.manager.Manager}'s list they are not atomic against other writers.
 */
final class ClusterList<E> extends AbstractList<E> implements ManagedList<E> {
    private static final long serialVersionUID = 1L;

    private final ClusterLink link;

    ClusterList(ClusterLink link) {
        this.link = link;
    }

    IList<byte[]> list() {
        return link.cluster().getList(link.name());
    }

    private byte[] seal(Object element) {
        return Seals.seal(link.key(), link.place("list"), ValueCodec.encode(element));
    }

    @SuppressWarnings("unchecked")
    private E open(byte[] sealed) {
        byte[] body = Seals.open(link.key(), link.place("list"), sealed);
        if (body == null) {
            throw new AuthenticationException("an element of cluster list " + link.name()
                    + " is not sealed with the cluster's authkey; it was not decoded");
        }
        return (E) ValueCodec.decode(body);
    }

    private List<byte[]> sealAll(Collection<? extends E> elements) {
        List<byte[]> sealed = new ArrayList<>(elements.size());
        for (E e : elements) {
            sealed.add(seal(e));
        }
        return sealed;
    }

    @Override
    public E get(int index) {
        return open(list().get(index));
    }

    @Override
    public int size() {
        return list().size();
    }

    @Override
    public boolean add(E element) {
        return list().add(seal(element));
    }

    @Override
    public void add(int index, E element) {
        list().add(index, seal(element));
    }

    @Override
    public E set(int index, E element) {
        return open(list().set(index, seal(element)));
    }

    @Override
    public E remove(int index) {
        return open(list().remove(index));
    }

    /** Removes the first element whose encoding is {@code element}'s (for the JDK's value types: the first equal one). */
    @Override
    public boolean remove(Object element) {
        return list().remove(seal(element));
    }

    @Override
    public boolean addAll(Collection<? extends E> elements) {
        return list().addAll(sealAll(elements));
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> elements) {
        return list().addAll(index, sealAll(elements));
    }

    @Override
    public void clear() {
        list().clear();
    }

    @Override
    public List<E> copy() {
        List<E> copy = new ArrayList<>();
        for (Object sealed : list().toArray()) {
            copy.add(open((byte[]) sealed));
        }
        return copy;
    }

    @Override
    public Iterator<E> iterator() {
        return Collections.unmodifiableList(copy()).iterator();
    }

    @Override
    public List<E> subList(int from, int to) {
        return copy().subList(from, to);
    }

    @Override
    public boolean contains(Object o) {
        return copy().contains(o);
    }

    @Override
    public int indexOf(Object o) {
        return copy().indexOf(o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return copy().lastIndexOf(o);
    }

    @Override
    public void sort(Comparator<? super E> order) {
        List<E> elements = copy();
        elements.sort(order);
        rewrite(elements);
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        List<E> elements = copy();
        boolean removed = elements.removeIf(filter);
        if (removed) {
            rewrite(elements);
        }
        return removed;
    }

    @Override
    public void replaceAll(UnaryOperator<E> operator) {
        List<E> elements = copy();
        elements.replaceAll(operator);
        rewrite(elements);
    }

    private void rewrite(List<E> elements) {
        List<byte[]> sealed = sealAll(elements);
        IList<byte[]> list = list();
        list.clear();
        list.addAll(sealed);
    }
}
