package dev.multiproc.internal.manager.served;

import java.util.HashMap;
import java.util.Map;

/** What a dict proxy calls on the server: a map, and a copy of it in one call. */
public interface DictOps<K, V> extends Map<K, V> {
    HashMap<K, V> snapshot();
}
