package dev.multiproc.cluster;

import com.hazelcast.map.IMap;
import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableFunction;
import dev.multiproc.cluster.internal.Seals;
import dev.multiproc.manager.ManagedDict;
import dev.multiproc.spi.ValueCodec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link ManagedDict} over a Hazelcast {@code IMap} of encoded keys to sealed values (see
 * {@link Seals}): what {@link ClusterManager#dict} returns.
 *
 * <p>Why compound updates run in the caller: a member never decodes user data (it has neither the
 * classes nor, by design, the trust), so {@code compute} and {@code merge} read the entry, apply
 * the function here and write back with the engine's atomic compare-and-set
 * ({@code replace(key, old, new)}, {@code putIfAbsent}, {@code remove(key, old)}), trying again
 * when another process changed the entry in between: atomic, as {@link java.util.concurrent.ConcurrentMap}'s
 * contract allows, with a function that may run more than once and so must have no side effect.
 */
final class ClusterDict<K, V> extends AbstractMap<K, V> implements ManagedDict<K, V> {
    private static final long serialVersionUID = 1L;
    /** What {@link #lookup} answers for a key the map does not hold. */
    static final Object ABSENT = new Object();

    private final ClusterLink link;

    ClusterDict(ClusterLink link) {
        this.link = link;
    }

    IMap<byte[], byte[]> map() {
        return link.cluster().getMap(link.name());
    }

    private byte[] seal(byte[] key, Object value) {
        return Seals.seal(link.key(), link.place("dict").add(key), ValueCodec.encode(value));
    }

    /** The value sealed under {@code key}, or {@link #ABSENT} when none is (or its seal is not the cluster's). */
    private Object open(byte[] key, byte[] sealed) {
        byte[] body = Seals.open(link.key(), link.place("dict").add(key), sealed);
        return body == null ? ABSENT : ValueCodec.decode(body);
    }

    @SuppressWarnings("unchecked")
    private V valueOrNull(byte[] key, byte[] sealed) {
        Object value = open(key, sealed);
        return value == ABSENT ? null : (V) value;
    }

    /** The value held for {@code key}, or {@link #ABSENT}: tells a null value from no value in one round trip. */
    Object lookup(Object key) {
        byte[] encoded = ValueCodec.encode(key);
        return open(encoded, map().get(encoded));
    }

    /** Removes {@code key}; true when it was there. */
    boolean removeKey(Object key) {
        byte[] encoded = ValueCodec.encode(key);
        return open(encoded, map().remove(encoded)) != ABSENT;
    }

    // ---- one round trip each ----

    @Override
    public int size() {
        return map().size();
    }

    @Override
    public boolean isEmpty() {
        return map().isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return lookup(key) != ABSENT;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        Object value = lookup(key);
        return value == ABSENT ? null : (V) value;
    }

    @Override
    public V put(K key, V value) {
        byte[] encoded = ValueCodec.encode(key);
        return valueOrNull(encoded, map().put(encoded, seal(encoded, value)));
    }

    @Override
    public V remove(Object key) {
        byte[] encoded = ValueCodec.encode(key);
        return valueOrNull(encoded, map().remove(encoded));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        Map<byte[], byte[]> sealed = new HashMap<>();
        entries.forEach((k, v) -> {
            byte[] encoded = ValueCodec.encode(k);
            sealed.put(encoded, seal(encoded, v));
        });
        map().putAll(sealed);
    }

    @Override
    public void clear() {
        map().clear();
    }

    @Override
    public V putIfAbsent(K key, V value) {
        byte[] encoded = ValueCodec.encode(key);
        return valueOrNull(encoded, map().putIfAbsent(encoded, seal(encoded, value)));
    }

    @Override
    public V replace(K key, V value) {
        byte[] encoded = ValueCodec.encode(key);
        return valueOrNull(encoded, map().replace(encoded, seal(encoded, value)));
    }

    @Override
    public Map<K, V> copy() {
        Map<K, V> copy = new HashMap<>();
        for (Map.Entry<byte[], byte[]> e : map().entrySet()) {
            Object value = open(e.getKey(), e.getValue());
            if (value != ABSENT) {
                @SuppressWarnings("unchecked")
                K key = (K) ValueCodec.decode(e.getKey());
                @SuppressWarnings("unchecked")
                V held = (V) value;
                copy.put(key, held);
            }
        }
        return copy;
    }

    /** A snapshot taken in one round trip; its iterator's {@code remove} removes the key from the cluster. */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        Map<K, V> snapshot = copy();
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                Iterator<Map.Entry<K, V>> it = snapshot.entrySet().iterator();
                return new Iterator<>() {
                    private Map.Entry<K, V> last;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<K, V> next() {
                        last = it.next();
                        return new SimpleImmutableEntry<>(last);
                    }

                    @Override
                    public void remove() {
                        it.remove();
                        ClusterDict.this.remove(last.getKey());
                    }
                };
            }

            @Override
            public int size() {
                return snapshot.size();
            }
        };
    }

    // ---- compound updates: read, apply here, compare-and-set ----

    /**
     * Writes {@code next} where {@code current} was read, atomically, unless the entry changed in
     * between: null for either side means no entry.
     */
    private boolean swap(byte[] key, byte[] current, byte[] next) {
        if (current == null) {
            return next == null || map().putIfAbsent(key, next) == null;
        }
        return next == null ? map().remove(key, current) : map().replace(key, current, next);
    }

    /** The atomic update every compound operation is: {@code change} from the value read to the value to write. */
    private V update(K key, Function<Object, Object> change) {
        byte[] encoded = ValueCodec.encode(key);
        while (true) {
            byte[] current = map().get(encoded);
            Object next = change.apply(open(encoded, current));
            if (next == ABSENT) {
                return null;
            }
            @SuppressWarnings("unchecked")
            V value = (V) next;
            if (swap(encoded, current, value == null ? null : seal(encoded, value))) {
                return value;
            }
            // another process changed the entry since it was read: read it again
        }
    }

    /** Sets the value for {@code key} to {@code change} of the present one (null for none), a null result included. */
    @SuppressWarnings("unchecked")
    V updateKeepingNull(K key, Function<V, V> change) {
        byte[] encoded = ValueCodec.encode(key);
        while (true) {
            byte[] current = map().get(encoded);
            V value = change.apply(valueOrNull(encoded, current));
            if (swap(encoded, current, seal(encoded, value))) {
                return value;
            }
        }
    }

    @Override
    public boolean remove(Object key, Object value) {
        byte[] encoded = ValueCodec.encode(key);
        while (true) {
            byte[] current = map().get(encoded);
            Object present = open(encoded, current);
            if (present == ABSENT || !Objects.equals(present, value)) {
                return false;
            }
            if (map().remove(encoded, current)) {
                return true;
            }
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        byte[] encoded = ValueCodec.encode(key);
        byte[] next = seal(encoded, newValue);
        while (true) {
            byte[] current = map().get(encoded);
            Object present = open(encoded, current);
            if (present == ABSENT || !Objects.equals(present, oldValue)) {
                return false;
            }
            if (map().replace(encoded, current, next)) {
                return true;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        Objects.requireNonNull(remapping, "remapping");
        return update(key, present -> {
            V next = remapping.apply(key, present == ABSENT ? null : (V) present);
            return next == null && present == ABSENT ? ABSENT : next;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
        Objects.requireNonNull(mapping, "mapping");
        Object[] held = new Object[1];
        V result = update(key, present -> {
            if (present != ABSENT && present != null) {
                held[0] = present;
                return ABSENT;
            }
            held[0] = null;
            V next = mapping.apply(key);
            return next == null ? ABSENT : next;
        });
        return held[0] != null ? (V) held[0] : result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        Objects.requireNonNull(remapping, "remapping");
        return update(key, present -> present == ABSENT || present == null ? ABSENT : remapping.apply(key, (V) present));
    }

    @Override
    @SuppressWarnings("unchecked")
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(remapping, "remapping");
        return update(key, present -> present == ABSENT || present == null ? value : remapping.apply((V) present, value));
    }

    @Override
    public V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return compute(key, (BiFunction<? super K, ? super V, ? extends V>) remapping);
    }

    @Override
    public V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping) {
        return computeIfAbsent(key, (Function<? super K, ? extends V>) mapping);
    }

    @Override
    public V computeIfPresent(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return computeIfPresent(key, (BiFunction<? super K, ? super V, ? extends V>) remapping);
    }

    @Override
    public V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping) {
        return merge(key, value, (BiFunction<? super V, ? super V, ? extends V>) remapping);
    }

    /** The cluster's name for the map. */
    String name() {
        return link.name();
    }
}
