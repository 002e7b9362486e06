package dev.multiproc.internal.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a value as a tree of tagged nodes ({@link TreeTags}): the JDK's collections, strings,
 * boxed and primitive values and arrays, records and enums, nested in any way.
 *
 * <p>Why: JDK serialization of a {@code HashMap<String, Integer>} of a few hundred entries spends
 * most of its time on per-object bookkeeping (a handle table, class descriptors, the boxed
 * values written as objects) and on reflection when reading it back; a word-count map per file
 * of a corpus cost more to send than to compute. A tree is its bytes and one tag per value.
 *
 * <p>A tree has no shared references: a value that holds the same collection, map or array twice
 * (or itself) is not a tree, and goes through JDK serialization, which keeps that identity.
 * So does anything else the tree has no tag for; the caller then starts over with JDK
 * serialization, so what reaches the other side is the same either way.
 */
final class TreeWriter {
    /** Scratch of each thread, reused: an encode writes into it and copies out what it wrote. */
    private static final ThreadLocal<TreeWriter> SCRATCH = ThreadLocal.withInitial(TreeWriter::new);
    /** A scratch grown past this is dropped after use, so that one big message does not stay in memory. */
    private static final int KEPT_CAPACITY = 1 << 20;

    private byte[] buf = new byte[4096];
    private int size;
    private boolean inUse;
    /** The classes of this tree's records, enums and typed arrays, numbered from 1 in order of appearance. */
    private Class<?>[] classes = new Class<?>[8];
    private int classCount;
    /** Containers and arrays written so far; created at the second one (a lone map needs none). */
    private IdentityHashMap<Object, Boolean> seen;
    private Object first;

    /** Whether values of {@code type} may be trees (their contents decide in the end). */
    static boolean takes(Class<?> type) {
        return collectionTag(type) != 0 || type == TreeMap.class || type == TreeSet.class || type.isArray()
                || type.isEnum() || type.isRecord() || (type.getSuperclass() != null && type.getSuperclass().isEnum());
    }

    /** {@code value} as {@code prefix} followed by its tree, or null when it is not a tree. */
    static byte[] encodeOrNull(byte prefix, Object value) {
        TreeWriter writer = SCRATCH.get();
        if (writer.inUse) {
            writer = new TreeWriter(); // a record accessor that encodes something itself
        }
        writer.inUse = true;
        try {
            writer.buf[0] = prefix;
            writer.size = 1;
            writer.write(value, 0);
            return Arrays.copyOf(writer.buf, writer.size);
        } catch (RuntimeException e) {
            // NotATree, or a collection changed while it was written: JDK serialization says what it finds
            return null;
        } finally {
            writer.reset();
        }
    }

    private void reset() {
        inUse = false;
        Arrays.fill(classes, 0, classCount, null);
        classCount = 0;
        seen = null;
        first = null;
        if (buf.length > KEPT_CAPACITY) {
            buf = new byte[4096];
        }
    }

    private void write(Object value, int depth) {
        if (value == null) {
            putByte(TreeTags.NULL);
            return;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            putString((String) value);
        } else if (type == Integer.class) {
            putByte(TreeTags.INT);
            putVarLong(zigzag((Integer) value));
        } else if (type == Long.class) {
            putByte(TreeTags.LONG);
            putVarLong(zigzag((Long) value));
        } else if (type == Double.class) {
            putByte(TreeTags.DOUBLE);
            putLong(Double.doubleToRawLongBits((Double) value));
        } else if (type == Boolean.class) {
            putByte((Boolean) value ? TreeTags.TRUE : TreeTags.FALSE);
        } else if (!writeContainer(value, type, depth) && !ScalarTrees.write(this, value, type)) {
            throw NotATree.INSTANCE;
        }
    }

    /** Writes a collection, map, array, record or enum; false for any other type. */
    private boolean writeContainer(Object value, Class<?> type, int depth) {
        byte tag = collectionTag(type);
        if (tag != 0) {
            if (tag == TreeTags.LINKED_HASH_MAP && accessOrdered((LinkedHashMap<?, ?>) value)) {
                throw NotATree.INSTANCE; // its order is part of its state; JDK serialization keeps it
            }
            enter(value, depth);
            putByte(tag);
            if (value instanceof Map) {
                writeMap((Map<?, ?>) value, depth);
            } else {
                writeItems((Collection<?>) value, tag == TreeTags.IMMUTABLE_LIST, depth);
            }
            return true;
        } else if (type == TreeMap.class || type == TreeSet.class) {
            return writeSorted(value, depth);
        } else if (type.isArray()) {
            enter(value, depth);
            if (!ScalarTrees.writePrimitiveArray(this, value, type)) {
                Object[] items = (Object[]) value;
                putByte(TreeTags.OBJECTS);
                putClass(type.getComponentType());
                putVarLong(items.length);
                for (Object item : items) {
                    write(item, depth + 1);
                }
            }
            return true;
        } else if (value instanceof Enum) {
            Enum<?> constant = (Enum<?>) value;
            putByte(TreeTags.ENUM);
            putClass(constant.getDeclaringClass());
            putString(constant.name(), false);
            return true;
        } else if (type.isRecord()) {
            return writeRecord(value, type, depth);
        }
        return false;
    }

    private void writeMap(Map<?, ?> map, int depth) {
        putVarLong(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            write(entry.getKey(), depth + 1);
            write(entry.getValue(), depth + 1);
        }
    }

    private boolean writeRecord(Object value, Class<?> type, int depth) {
        RecordShape shape = RecordShape.of(type);
        if (shape == null) {
            return false;
        }
        if (depth >= TreeTags.MAX_DEPTH) {
            throw NotATree.INSTANCE;
        }
        // not tracked: a record written twice comes back as two equal records, and whatever
        // mutable it holds (a collection, an array) is tracked itself
        putByte(TreeTags.RECORD);
        putClass(type);
        putVarLong(shape.size());
        for (int i = 0; i < shape.size(); i++) {
            Object component;
            try {
                component = shape.component(value, i);
            } catch (Throwable accessorFailed) {
                throw NotATree.INSTANCE; // JDK serialization reads the fields, not the accessors
            }
            write(component, depth + 1);
        }
        return true;
    }

    /**
     * Whether {@code map} is in access order ({@code new LinkedHashMap<>(16, 0.75f, true)}), which
     * has no getter: asked of an emptied copy, so that the map itself is not touched.
     */
    private static boolean accessOrdered(LinkedHashMap<?, ?> map) {
        @SuppressWarnings("unchecked")
        LinkedHashMap<Object, Object> copy = (LinkedHashMap<Object, Object>) map.clone();
        copy.clear();
        Object first = new Object();
        Object second = new Object();
        copy.put(first, first);
        copy.put(second, second);
        copy.get(first); // moves it to the end in access order only
        return copy.keySet().iterator().next() != first;
    }

    /** Checks depth and identity before a container is written. */
    private void enter(Object container, int depth) {
        if (depth >= TreeTags.MAX_DEPTH) {
            throw NotATree.INSTANCE;
        }
        if (first == null) {
            first = container;
            return;
        }
        if (seen == null) {
            seen = new IdentityHashMap<>(64);
            seen.put(first, Boolean.TRUE);
        }
        if (seen.put(container, Boolean.TRUE) != null) {
            throw NotATree.INSTANCE; // shared or cyclic: JDK serialization keeps the identity
        }
    }

    /** The tag of a collection or map class the tree rebuilds exactly, or 0. */
    static byte collectionTag(Class<?> type) {
        if (type == HashMap.class) {
            return TreeTags.HASH_MAP;
        } else if (type == ArrayList.class) {
            return TreeTags.ARRAY_LIST;
        } else if (type == LinkedHashMap.class) {
            return TreeTags.LINKED_HASH_MAP;
        } else if (type == HashSet.class) {
            return TreeTags.HASH_SET;
        } else if (type == LinkedHashSet.class) {
            return TreeTags.LINKED_HASH_SET;
        } else if (type == LinkedList.class) {
            return TreeTags.LINKED_LIST;
        } else if (type == ImmutableClasses.ARRAYS_AS_LIST) {
            return TreeTags.ARRAYS_AS_LIST;
        } else if (ImmutableClasses.isList(type)) {
            return TreeTags.IMMUTABLE_LIST;
        } else if (ImmutableClasses.isSet(type)) {
            return TreeTags.IMMUTABLE_SET;
        } else if (ImmutableClasses.isMap(type)) {
            return TreeTags.IMMUTABLE_MAP;
        }
        return 0;
    }

    /**
     * Writes a TreeMap or TreeSet; false for one with a comparator (an object of its own, which
     * only JDK serialization can carry).
     */
    private boolean writeSorted(Object value, int depth) {
        if (value instanceof SortedMap) {
            if (((SortedMap<?, ?>) value).comparator() != null) {
                return false;
            }
            enter(value, depth);
            putByte(TreeTags.TREE_MAP);
            writeMap((Map<?, ?>) value, depth);
        } else {
            if (((SortedSet<?>) value).comparator() != null) {
                return false;
            }
            enter(value, depth);
            putByte(TreeTags.TREE_SET);
            writeItems((Set<?>) value, false, depth);
        }
        return true;
    }

    /**
     * The count and the items. An immutable list of {@code Stream.toList()} may hold nulls, which
     * {@code List.of} refuses: such a list goes through JDK serialization.
     */
    private void writeItems(Collection<?> items, boolean noNulls, int depth) {
        putVarLong(items.size());
        for (Object item : items) {
            if (item == null && noNulls) {
                throw NotATree.INSTANCE;
            }
            write(item, depth + 1);
        }
    }

    /** A class by number, or by name at its first appearance in this tree. */
    private void putClass(Class<?> type) {
        for (int i = 0; i < classCount; i++) {
            if (classes[i] == type) {
                putVarLong(i + 1);
                return;
            }
        }
        if (classCount == classes.length) {
            classes = Arrays.copyOf(classes, classCount * 2);
        }
        classes[classCount++] = type;
        LoaderRegistry.remember(type); // so that a child lacking the class can ask this process for it
        putVarLong(0);
        putString(type.getName(), false);
    }

    void putString(String s) {
        putString(s, true);
    }

    /** A string with its tag, or (tagged false) only its length and UTF-8 bytes. */
    private void putString(String s, boolean tagged) {
        int length = s.length();
        ensure(length + 6);
        if (tagged) {
            buf[size++] = TreeTags.STRING;
        }
        // ASCII, the common case, is written char by char in one pass; anything else by the JDK's encoder
        int lengthAt = size;
        putVarLong(length);
        int at = size;
        byte[] out = buf;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = lengthAt;
                putBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            out[at + i] = (byte) c;
        }
        size = at + length;
    }

    /** A length and the bytes. */
    void putBytes(byte[] bytes) {
        putVarLong(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    void putByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void putVarLong(long v) {
        ensure(10);
        byte[] out = buf;
        int at = size;
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        size = at;
    }

    void putInt(int v) {
        ensure(4);
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** Thrown to abandon a tree: the caller sends the value through JDK serialization. Has no stack trace. */
    static final class NotATree extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotATree INSTANCE = new NotATree();

        private NotATree() {
            super("not a value tree", null, false, false);
        }
    }

    /** The JDK's classes behind {@code List.of}, {@code Set.of}, {@code Map.of} and {@code Arrays.asList}. */
    static final class ImmutableClasses {
        static final Class<?> ARRAYS_AS_LIST = Arrays.asList().getClass();
        private static final Class<?> LIST_12 = List.of(1).getClass();
        private static final Class<?> LIST_N = List.of().getClass();
        private static final Class<?> SET_12 = Set.of(1).getClass();
        private static final Class<?> SET_N = Set.of().getClass();
        private static final Class<?> MAP_1 = Map.of(1, 1).getClass();
        private static final Class<?> MAP_N = Map.of().getClass();

        static boolean isList(Class<?> type) {
            return type == LIST_12 || type == LIST_N;
        }

        static boolean isSet(Class<?> type) {
            return type == SET_12 || type == SET_N;
        }

        static boolean isMap(Class<?> type) {
            return type == MAP_1 || type == MAP_N;
        }
    }
}
