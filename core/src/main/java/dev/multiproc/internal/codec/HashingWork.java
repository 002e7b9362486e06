package dev.multiproc.internal.codec;

import java.io.InvalidObjectException;
import java.lang.reflect.Proxy;
import java.util.AbstractCollection;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractQueue;
import java.util.AbstractSequentialList;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Stops a "hash bomb" while a JDK-serialized message is read: collections that contain the same
 * collections over and over (a few KB of nested {@code HashSet}s, each level holding the next two
 * twice) make {@code hashCode()} visit 2^depth elements, and a {@code HashSet} or {@code HashMap}
 * computes it for every element it reads, so a 2.3 KB message can keep a receiver busy for ever.
 * A depth limit low enough to stop it would refuse ordinary deep data.
 *
 * <p>The measure is the hashing work of each collection as it completes: the element visits its
 * {@code hashCode()} makes, nested collections counted each time they are reached (a map counts its
 * keys and values). Data in which no collection is shared has work at most the number of elements
 * of all its collections; only sharing multiplies it. A collection is refused when its work passes
 * both {@link #MIN_WORK} (default 2^20 visits, a few milliseconds; {@code -Dmultiproc.maxHashingWork})
 * and {@link #AMPLIFICATION} times the elements read so far, before any hash table rehashes it:
 * the bomb is stopped within twice that work.
 *
 * <p>Only the JDK's own collections, and subclasses that keep their storage, are measured:
 * iterating a collection that only looks like one (a manager's proxy, which would call its server)
 * is not safe here.
 */
final class HashingWork {
    static final long MIN_WORK = Long.getLong("multiproc.maxHashingWork", 1L << 20);
    static final long AMPLIFICATION = 64;
    private static final Set<Class<?>> SKELETONS = Set.of(AbstractCollection.class, AbstractList.class,
            AbstractSequentialList.class, AbstractSet.class, AbstractQueue.class, AbstractMap.class);

    /** The work of each completed collection of this message, by identity. */
    private final Map<Object, Long> work = new IdentityHashMap<>();
    private long elementsRead;

    /** Records {@code object} if it is a collection; refuses it when its hashing work is out of proportion. */
    void completed(Object object) throws InvalidObjectException {
        long visits;
        if (object instanceof Collection && measurable(object)) {
            Collection<?> collection = (Collection<?>) object;
            visits = collection.size();
            for (Object element : collection) {
                visits = saturatedAdd(visits, work.getOrDefault(element, 0L));
            }
            elementsRead += collection.size();
        } else if (object instanceof Map && measurable(object)) {
            Map<?, ?> map = (Map<?, ?>) object;
            visits = map.size();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                visits = saturatedAdd(visits, work.getOrDefault(entry.getKey(), 0L));
                visits = saturatedAdd(visits, work.getOrDefault(entry.getValue(), 0L));
            }
            elementsRead += map.size();
        } else {
            return;
        }
        if (visits > MIN_WORK && visits / AMPLIFICATION > elementsRead) {
            throw new InvalidObjectException("a " + object.getClass().getName() + " whose hashCode() would visit "
                    + (visits == Long.MAX_VALUE ? "more than 2^63" : Long.toString(visits)) + " elements, in a message of "
                    + elementsRead + " collection elements: nested collections shared over and over (a hash bomb); "
                    + "-Dmultiproc.maxHashingWork raises the limit of " + MIN_WORK);
        }
        work.put(object, visits);
    }

    /**
     * A collection of {@code java.util} or {@code java.util.concurrent}, or a subclass of one that
     * holds its elements (HashSet, ArrayList, ...); not a dynamic proxy (a manager's queue proxy is a
     * {@code BlockingQueue} whose iteration would call its server), nor a subclass of the skeletons.
     */
    private static boolean measurable(Object object) {
        Class<?> type = object.getClass();
        if (Proxy.isProxyClass(type)) {
            return false;
        }
        while (type.getModule() != Object.class.getModule()) {
            type = type.getSuperclass();
        }
        String where = type.getPackageName();
        return (where.equals("java.util") || where.equals("java.util.concurrent")) && !SKELETONS.contains(type);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
