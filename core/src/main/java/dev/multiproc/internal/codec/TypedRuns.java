package dev.multiproc.internal.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collections and maps whose items are all of one kind, both ways: a typed run names the kind
 * once and then writes each item without a tag (see {@link TreeTags#TYPED}).
 *
 * <p>Why: in a word-count {@code HashMap<String, Integer>} or a list of records, the per-node tag,
 * its dispatch and (for records) the class reference, component count and shape lookup of every
 * item cost as much as the item's bytes. The kinds are those of real payloads: strings, ints,
 * longs, doubles, and records of one class (of at least one component); anything else is
 * {@code ANY}, a node with its tag. The writer takes the kinds from the first item and writes
 * optimistically; an item of another kind (a null, a {@code Long} among {@code Integer}s, a
 * subclass) rewinds the run and the collection is written node by node, as before.
 */
final class TypedRuns {
    /** The kind of a side that is written node by node, tag and all. */
    static final byte ANY = 0;

    private TypedRuns() {
    }

    /** What the items of one side of a run are: a {@link TreeTags} leaf tag, {@code RECORD} or {@link #ANY}. */
    private static final class Kind {
        static final Kind ANY_KIND = new Kind(ANY, null, null);
        static final Kind STRINGS = new Kind(TreeTags.STRING, null, null);
        static final Kind INTS = new Kind(TreeTags.INT, null, null);
        static final Kind LONGS = new Kind(TreeTags.LONG, null, null);
        static final Kind DOUBLES = new Kind(TreeTags.DOUBLE, null, null);

        final byte tag;
        /** The record class of a {@code RECORD} kind, else null. */
        final Class<?> type;
        final RecordShape shape;

        private Kind(byte tag, Class<?> type, RecordShape shape) {
            this.tag = tag;
            this.type = type;
            this.shape = shape;
        }

        /** The kind of a run whose first item is {@code sample}. */
        static Kind of(Object sample) {
            if (sample == null) {
                return ANY_KIND;
            }
            Class<?> type = sample.getClass();
            if (type == String.class) {
                return STRINGS;
            } else if (type == Integer.class) {
                return INTS;
            } else if (type == Long.class) {
                return LONGS;
            } else if (type == Double.class) {
                return DOUBLES;
            } else if (type.isRecord()) {
                RecordShape shape = RecordShape.of(type);
                if (shape != null && shape.size() > 0) {
                    return new Kind(TreeTags.RECORD, type, shape);
                }
            }
            return ANY_KIND;
        }
    }

    /** Writes {@code map} as a typed run and returns true, or writes nothing and returns false. */
    static boolean writeMap(TreeWriter out, Map<?, ?> map, byte tag, int depth) {
        if (map.size() < 2) {
            return false;
        }
        Map.Entry<?, ?> first = map.entrySet().iterator().next();
        Kind keys = Kind.of(first.getKey());
        Kind values = Kind.of(first.getValue());
        if (keys == Kind.ANY_KIND && values == Kind.ANY_KIND) {
            return false;
        }
        int at = out.size();
        int containers = out.containers();
        int classes = out.classes();
        start(out, tag, map.size());
        putKind(out, keys);
        putKind(out, values);
        if (keys == Kind.STRINGS && values == Kind.INTS) {
            // the word count: one loop without a kind to look at
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                Object value = entry.getValue();
                if (!(key instanceof String) || !(value instanceof Integer)) {
                    out.rewind(at, containers, classes);
                    return false;
                }
                out.putRunEntry((String) key, (Integer) value);
            }
            return true;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!write(out, keys, entry.getKey(), depth) || !write(out, values, entry.getValue(), depth)) {
                out.rewind(at, containers, classes);
                return false;
            }
        }
        return true;
    }

    /** Writes {@code items} as a typed run and returns true, or writes nothing and returns false. */
    static boolean writeItems(TreeWriter out, Collection<?> items, byte tag, int depth) {
        if (items.size() < 2) {
            return false;
        }
        Kind kind = Kind.of(items.iterator().next());
        if (kind == Kind.ANY_KIND) {
            return false;
        }
        int at = out.size();
        int containers = out.containers();
        int classes = out.classes();
        start(out, tag, items.size());
        putKind(out, kind);
        for (Object item : items) {
            if (!write(out, kind, item, depth)) {
                out.rewind(at, containers, classes);
                return false;
            }
        }
        return true;
    }

    private static void start(TreeWriter out, byte tag, int count) {
        out.putByte(TreeTags.TYPED);
        out.putByte(tag);
        out.putVarLong(count);
    }

    private static void putKind(TreeWriter out, Kind kind) {
        out.putByte(kind.tag);
        if (kind.type != null) {
            out.putClass(kind.type);
        }
    }

    /** Writes an item of a container at {@code depth} as {@code kind} says; false when it is of another kind. */
    private static boolean write(TreeWriter out, Kind kind, Object item, int depth) {
        switch (kind.tag) {
            case ANY:
                out.write(item, depth + 1);
                return true;
            case TreeTags.STRING:
                if (!(item instanceof String)) {
                    return false;
                }
                out.putRunString((String) item);
                return true;
            case TreeTags.INT:
                if (!(item instanceof Integer)) {
                    return false;
                }
                out.putVarLong(TreeWriter.zigzag((Integer) item));
                return true;
            case TreeTags.LONG:
                if (!(item instanceof Long)) {
                    return false;
                }
                out.putVarLong(TreeWriter.zigzag((Long) item));
                return true;
            case TreeTags.DOUBLE:
                if (!(item instanceof Double)) {
                    return false;
                }
                out.putLong(Double.doubleToRawLongBits((Double) item));
                return true;
            default:
                if (item == null || item.getClass() != kind.type) {
                    return false;
                }
                if (depth + 1 >= TreeTags.MAX_DEPTH) {
                    throw NotATree.INSTANCE;
                }
                out.writeComponents(item, kind.shape, depth + 1);
                return true;
        }
    }

    /** Reads a typed run; the reader is past its {@code TYPED} tag. */
    static Object read(TreeReader in, int depth) {
        byte tag = in.getByte();
        if (tag >= TreeTags.HASH_MAP && tag <= TreeTags.IMMUTABLE_MAP) {
            return readMap(in, tag, depth);
        } else if (tag >= TreeTags.ARRAY_LIST && tag <= TreeTags.IMMUTABLE_SET) {
            return readItems(in, tag, depth);
        }
        throw in.corrupt("a typed run of tag " + tag);
    }

    private static Object readMap(TreeReader in, byte tag, int depth) {
        int count = in.count(2);
        Kind keys = readKind(in);
        Kind values = readKind(in);
        in.checkDepth(depth);
        if (tag == TreeTags.IMMUTABLE_MAP) {
            @SuppressWarnings("unchecked")
            Map.Entry<Object, Object>[] entries = new Map.Entry[count];
            for (int i = 0; i < count; i++) {
                entries[i] = Map.entry(read(in, keys, depth), read(in, values, depth));
            }
            return Map.ofEntries(entries);
        }
        if (tag == TreeTags.HASH_MAP && keys == Kind.STRINGS && values == Kind.INTS) {
            // the word count, with the map's class known here, so that its put is a direct call
            HashMap<String, Integer> counts = new HashMap<>(TreeReader.capacity(count));
            for (int i = 0; i < count; i++) {
                String key = in.getRunString();
                counts.put(key, (int) TreeReader.unzigzag(in.getVarLong()));
            }
            return counts;
        }
        Map<Object, Object> map;
        if (tag == TreeTags.HASH_MAP) {
            map = new HashMap<>(TreeReader.capacity(count));
        } else if (tag == TreeTags.LINKED_HASH_MAP) {
            map = new LinkedHashMap<>(TreeReader.capacity(count));
        } else {
            map = new TreeMap<>();
        }
        if (keys == Kind.STRINGS && values == Kind.INTS) {
            for (int i = 0; i < count; i++) {
                String key = in.getRunString();
                map.put(key, (int) TreeReader.unzigzag(in.getVarLong()));
            }
            return map;
        }
        for (int i = 0; i < count; i++) {
            Object key = read(in, keys, depth);
            map.put(key, read(in, values, depth));
        }
        return map;
    }

    private static Object readItems(TreeReader in, byte tag, int depth) {
        int count = in.count(1);
        Kind kind = readKind(in);
        in.checkDepth(depth);
        Collection<Object> items;
        switch (tag) {
            case TreeTags.ARRAY_LIST: items = new ArrayList<>(count); break;
            case TreeTags.LINKED_LIST: items = new LinkedList<>(); break;
            case TreeTags.HASH_SET: items = new HashSet<>(TreeReader.capacity(count)); break;
            case TreeTags.LINKED_HASH_SET: items = new LinkedHashSet<>(TreeReader.capacity(count)); break;
            case TreeTags.TREE_SET: items = new TreeSet<>(); break;
            default: {
                // ARRAYS_AS_LIST, IMMUTABLE_LIST, IMMUTABLE_SET: built from an array
                Object[] array = new Object[count];
                for (int i = 0; i < count; i++) {
                    array[i] = read(in, kind, depth);
                }
                return tag == TreeTags.ARRAYS_AS_LIST ? Arrays.asList(array)
                        : tag == TreeTags.IMMUTABLE_LIST ? List.of(array) : Set.of(array);
            }
        }
        for (int i = 0; i < count; i++) {
            items.add(read(in, kind, depth));
        }
        return items;
    }

    private static Kind readKind(TreeReader in) {
        byte tag = in.getByte();
        switch (tag) {
            case ANY: return Kind.ANY_KIND;
            case TreeTags.STRING: return Kind.STRINGS;
            case TreeTags.INT: return Kind.INTS;
            case TreeTags.LONG: return Kind.LONGS;
            case TreeTags.DOUBLE: return Kind.DOUBLES;
            case TreeTags.RECORD: {
                Class<?> type = in.getClassRef();
                return new Kind(TreeTags.RECORD, type, in.recordShape(type));
            }
            default:
                throw in.corrupt("a typed run of kind " + tag);
        }
    }

    /** Reads an item of a container at {@code depth} written as {@code kind}. */
    private static Object read(TreeReader in, Kind kind, int depth) {
        switch (kind.tag) {
            case ANY: return in.read(depth + 1);
            case TreeTags.STRING: return in.getRunString();
            case TreeTags.INT: return (int) TreeReader.unzigzag(in.getVarLong());
            case TreeTags.LONG: return TreeReader.unzigzag(in.getVarLong());
            case TreeTags.DOUBLE: return Double.longBitsToDouble(in.getLong());
            default: return in.readComponents(kind.type, kind.shape, depth + 1);
        }
    }
}
