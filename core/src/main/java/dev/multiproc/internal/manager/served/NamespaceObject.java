package dev.multiproc.internal.manager.served;

import dev.multiproc.manager.Namespace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** The server's namespace: attributes in the order they were first set. */
final class NamespaceObject implements Namespace {
    private final LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();

    @Override
    public Object get(String name) {
        if (!attributes.containsKey(name)) {
            throw new NoSuchElementException("the namespace has no attribute '" + name + "'");
        }
        return attributes.get(name);
    }

    @Override
    public void set(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public boolean has(String name) {
        return attributes.containsKey(name);
    }

    @Override
    public void delete(String name) {
        get(name);
        attributes.remove(name);
    }

    @Override
    public Map<String, Object> toMap() {
        return new LinkedHashMap<>(attributes);
    }

    /** Python's repr: {@code Namespace(name=Bob, job=Builder)}. */
    @Override
    public String toString() {
        return attributes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "Namespace(", ")"));
    }
}
