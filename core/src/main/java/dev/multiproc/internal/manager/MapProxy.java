package dev.multiproc.internal.manager;

import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableFunction;
import dev.multiproc.internal.manager.served.DictOps;
import dev.multiproc.manager.ManagedDict;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The proxy of a manager's dict: each map operation is one call to the server; iteration walks a
 * snapshot (see {@link ManagedDict}).
 */
public final class MapProxy<K, V> extends AbstractMap<K, V> implements ManagedDict<K, V> {
    private static final long serialVersionUID = 1L;
    private static final MethodTable OPS = MethodTable.of(DictOps.class);
    private static final int SIZE = OPS.indexOf("size");
    private static final int CONTAINS_KEY = OPS.indexOf("containsKey", Object.class);
    private static final int CONTAINS_VALUE = OPS.indexOf("containsValue", Object.class);
    private static final int GET = OPS.indexOf("get", Object.class);
    private static final int GET_OR_DEFAULT = OPS.indexOf("getOrDefault", Object.class, Object.class);
    private static final int PUT = OPS.indexOf("put", Object.class, Object.class);
    private static final int PUT_ALL = OPS.indexOf("putAll", Map.class);
    private static final int PUT_IF_ABSENT = OPS.indexOf("putIfAbsent", Object.class, Object.class);
    private static final int REMOVE = OPS.indexOf("remove", Object.class);
    private static final int REMOVE_VALUE = OPS.indexOf("remove", Object.class, Object.class);
    private static final int REPLACE = OPS.indexOf("replace", Object.class, Object.class);
    private static final int REPLACE_VALUE = OPS.indexOf("replace", Object.class, Object.class, Object.class);
    private static final int REPLACE_ALL = OPS.indexOf("replaceAll", BiFunction.class);
    private static final int COMPUTE = OPS.indexOf("compute", Object.class, BiFunction.class);
    private static final int COMPUTE_IF_ABSENT = OPS.indexOf("computeIfAbsent", Object.class, Function.class);
    private static final int COMPUTE_IF_PRESENT = OPS.indexOf("computeIfPresent", Object.class, BiFunction.class);
    private static final int MERGE = OPS.indexOf("merge", Object.class, Object.class, BiFunction.class);
    private static final int CLEAR = OPS.indexOf("clear");
    private static final int SNAPSHOT = OPS.indexOf("snapshot");

    private final ProxyRef ref;

    public MapProxy(ProxyRef ref) {
        this.ref = ref;
    }

    @Override
    public int size() {
        return ref.<Integer>invoke(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return ref.<Boolean>invoke(CONTAINS_KEY, key);
    }

    @Override
    public boolean containsValue(Object value) {
        return ref.<Boolean>invoke(CONTAINS_VALUE, value);
    }

    @Override
    public V get(Object key) {
        return ref.invoke(GET, key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return ref.invoke(GET_OR_DEFAULT, key, defaultValue);
    }

    @Override
    public V put(K key, V value) {
        return ref.invoke(PUT, key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        ref.invoke(PUT_ALL, new HashMap<>(m));
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return ref.invoke(PUT_IF_ABSENT, key, value);
    }

    @Override
    public V remove(Object key) {
        return ref.invoke(REMOVE, key);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return ref.<Boolean>invoke(REMOVE_VALUE, key, value);
    }

    @Override
    public V replace(K key, V value) {
        return ref.invoke(REPLACE, key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return ref.<Boolean>invoke(REPLACE_VALUE, key, oldValue, newValue);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        ref.invoke(REPLACE_ALL, Functions.serializable(function, "replaceAll", "SerializableBiFunction"));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        return ref.invoke(COMPUTE, key, Functions.serializable(remapping, "compute", "SerializableBiFunction"));
    }

    @Override
    public V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return ref.invoke(COMPUTE, key, remapping);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
        return ref.invoke(COMPUTE_IF_ABSENT, key, Functions.serializable(mapping, "computeIfAbsent", "SerializableFunction"));
    }

    @Override
    public V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping) {
        return ref.invoke(COMPUTE_IF_ABSENT, key, mapping);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        return ref.invoke(COMPUTE_IF_PRESENT, key, Functions.serializable(remapping, "computeIfPresent", "SerializableBiFunction"));
    }

    @Override
    public V computeIfPresent(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return ref.invoke(COMPUTE_IF_PRESENT, key, remapping);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        return ref.invoke(MERGE, key, value, Functions.serializable(remapping, "merge", "SerializableBiFunction"));
    }

    @Override
    public V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping) {
        return ref.invoke(MERGE, key, value, remapping);
    }

    @Override
    public void clear() {
        ref.invoke(CLEAR);
    }

    @Override
    public Map<K, V> copy() {
        return ref.invoke(SNAPSHOT);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        copy().forEach(action);
    }

    /** A view whose iteration walks a snapshot; an iterator's remove removes the key on the server. */
    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                Iterator<Entry<K, V>> snapshot = copy().entrySet().iterator();
                return new Iterator<>() {
                    private Entry<K, V> last;

                    @Override
                    public boolean hasNext() {
                        return snapshot.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        last = snapshot.next();
                        return new SimpleImmutableEntry<>(last);
                    }

                    @Override
                    public void remove() {
                        if (last == null) {
                            throw new IllegalStateException("next() was not called");
                        }
                        MapProxy.this.remove(last.getKey());
                        last = null;
                    }
                };
            }

            @Override
            public int size() {
                return MapProxy.this.size();
            }
        };
    }

    /** The same dict (the same manager and id) is equal without asking the server. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MapProxy && ((MapProxy<?, ?>) o).ref.equals(ref) || super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    public ProxyRef ref() {
        return ref;
    }
}
