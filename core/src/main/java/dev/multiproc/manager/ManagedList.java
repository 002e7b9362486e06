package dev.multiproc.manager;

import java.io.Serializable;
import java.util.List;

/**
 * A list held by a {@link Manager}: Python's {@code ListProxy}. Each operation is one round trip
 * to the server and atomic there ({@code addAll}, {@code removeIf}, {@code sort} included; the
 * functions they take must be serializable).
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     ManagedList<Integer> list = manager.list(List.of(1, 2, 3));
 *     ChildProcess p = new ChildProcess((List<Integer> l) -> l.add(4), list);
 *     p.start();
 *     p.join();
 *     System.out.println(list);           // [1, 2, 3, 4]
 * }
 * }</pre>
 *
 * <p>{@code sort}, {@code removeIf} and {@code replaceAll} run their function on the server, so it
 * must be serializable: {@code list.sort((Comparator<String> & Serializable) String::compareTo)};
 * a function that is not fails in the caller with an {@link IllegalArgumentException}.
 *
 * <p>Iterators walk a snapshot taken in one round trip and do not support {@code remove}; an
 * element read is a copy unless it is itself a proxy. The proxy is serializable: sent to another
 * process, it reaches the same list.
 *
 * @param <E> the type of the elements
 */
public interface ManagedList<E> extends List<E>, Serializable {

    /**
     * A local copy of the whole list, in one round trip: Python's {@code l[:]}.
     *
     * @return a new list of this process; changing it changes nothing on the server
     */
    List<E> copy();
}
