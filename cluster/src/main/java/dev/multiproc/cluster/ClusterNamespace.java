package dev.multiproc.cluster;

import dev.multiproc.manager.Namespace;

import java.io.Serializable;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * {@link Namespace} over a {@link ClusterDict} of attribute names: what
 * {@link ClusterManager#namespace} returns. {@link #toMap()} orders the attributes by name: the
 * engine's map keeps no order of insertion.
 */
final class ClusterNamespace implements Namespace, Serializable {
    private static final long serialVersionUID = 1L;

    private final ClusterDict<String, Object> attributes;

    ClusterNamespace(ClusterDict<String, Object> attributes) {
        this.attributes = attributes;
    }

    @Override
    public Object get(String name) {
        Object value = attributes.lookup(checked(name));
        if (value == ClusterDict.ABSENT) {
            throw new NoSuchElementException("the namespace has no attribute '" + name + "'");
        }
        return value;
    }

    @Override
    public void set(String name, Object value) {
        attributes.put(checked(name), value);
    }

    @Override
    public boolean has(String name) {
        return attributes.containsKey(checked(name));
    }

    @Override
    public void delete(String name) {
        if (!attributes.removeKey(checked(name))) {
            throw new NoSuchElementException("the namespace has no attribute '" + name + "'");
        }
    }

    @Override
    public Map<String, Object> toMap() {
        return new TreeMap<>(attributes.copy());
    }

    private static String checked(String name) {
        if (name == null) {
            throw new NullPointerException("an attribute's name is null");
        }
        return name;
    }

    @Override
    public String toString() {
        return "Namespace" + toMap();
    }
}
