package dev.multiproc.manager;

import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableFunction;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * A map held by a {@link Manager}: Python's {@code DictProxy}. Every operation runs on the server,
 * one at a time per map, so {@code putIfAbsent}, {@code compute}, {@code merge} and the other
 * {@link ConcurrentMap} operations are atomic across processes; the functions they take run on
 * the server and must be serializable (the overloads here accept lambdas as they are).
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     ManagedDict<String, Integer> counts = manager.dict();
 *     Pool.map(...);                                   // tasks call counts.merge(word, 1, Integer::sum)
 *     counts.merge("the", 1, Integer::sum);            // atomic on the server
 *     Map<String, Integer> local = counts.copy();      // one round trip
 * }
 * }</pre>
 *
 * <h2>Differences from a local map</h2>
 * <ul>
 *   <li>Keys and values are copied to the server and back, so a value read is a copy: changing it
 *       changes nothing on the server, unless it is itself a proxy (a dict stored in a dict stays
 *       one object, seen by everyone).</li>
 *   <li>Null keys and values are allowed (the server holds a {@code HashMap}).</li>
 *   <li>Iteration ({@code entrySet()}, {@code keySet()}, {@code values()}, {@code forEach}) walks a
 *       snapshot taken in one round trip; an iterator's {@code remove} removes the key on the
 *       server. {@code size()}, {@code get()}, {@code containsKey()} are one round trip each.</li>
 *   <li>The proxy is serializable: passed to a child process or a pool task, it reaches the same
 *       map.</li>
 * </ul>
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
public interface ManagedDict<K, V> extends ConcurrentMap<K, V>, Serializable {

    /**
     * {@link Map#compute}, atomic on the server.
     *
     * @param key       the key, serializable; may be null
     * @param remapping from the key and its current value (null when absent) to the new value, or null to remove it; runs on the server
     * @return a copy of the new value, or null when the key was removed
     */
    V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping);

    /**
     * {@link Map#computeIfAbsent}, atomic on the server.
     *
     * @param key     the key, serializable; may be null
     * @param mapping from the key to the value to put when it is absent (null: put nothing); runs on the server
     * @return a copy of the value now held for {@code key}, or null when there is none
     */
    V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping);

    /**
     * {@link Map#computeIfPresent}, atomic on the server.
     *
     * @param key       the key, serializable; may be null
     * @param remapping from the key and its present value to the new value, or null to remove it; runs on the server
     * @return a copy of the new value, or null when the key was absent or is removed
     */
    V computeIfPresent(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping);

    /**
     * {@link Map#merge}, atomic on the server: {@code merge(word, 1, Integer::sum)} counts exactly.
     *
     * @param key       the key, serializable; may be null
     * @param value     the value put when the key is absent, not {@code null}
     * @param remapping from the present value and {@code value} to the new value, or null to remove it; runs on the server
     * @return a copy of the new value, or null when the key was removed
     */
    V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping);

    /**
     * A local copy of the whole map, in one round trip: Python's {@code d.copy()}.
     *
     * @return a new map of this process; changing it changes nothing on the server
     */
    Map<K, V> copy();
}
