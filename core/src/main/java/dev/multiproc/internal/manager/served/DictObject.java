package dev.multiproc.internal.manager.served;

import java.util.HashMap;

/** The server's dict: a {@code HashMap} (nulls allowed, as in Python), called one caller at a time. */
final class DictObject<K, V> extends HashMap<K, V> implements DictOps<K, V> {
    private static final long serialVersionUID = 1L;

    @Override
    public HashMap<K, V> snapshot() {
        return new HashMap<>(this);
    }
}
