package dev.multiproc.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
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
    /** Containers and arrays written so far, in order: a typed run that falls back forgets its own. */
    private Object[] entered = new Object[16];
    private int enteredCount;
    /** The same containers by identity; created at the second one (a lone map needs none). */
    private IdentityHashMap<Object, Boolean> seen;

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
        Arrays.fill(entered, 0, enteredCount, null);
        enteredCount = 0;
        if (buf.length > KEPT_CAPACITY) {
            buf = new byte[4096];
        }
        if (entered.length > 4096) {
            entered = new Object[16];
        }
    }

    void write(Object value, int depth) {
        if (value == null) {
            putByte(TreeTags.NULL);
            return;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            putStringNode((String) value);
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
            if (value instanceof Map) {
                writeMap((Map<?, ?>) value, tag, depth);
            } else {
                writeItems((Collection<?>) value, tag, depth);
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
            putName(constant.name());
            return true;
        } else if (type.isRecord()) {
            return writeRecord(value, type, depth);
        }
        return false;
    }

    /** A map as a typed run when its keys and values allow ({@link TypedRuns}), else node by node. */
    private void writeMap(Map<?, ?> map, byte tag, int depth) {
        if (TypedRuns.writeMap(this, map, tag, depth)) {
            return;
        }
        putByte(tag);
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
        writeComponents(value, shape, depth);
        return true;
    }

    /** The components of a record, each a node, in declaration order. */
    void writeComponents(Object value, RecordShape shape, int depth) {
        for (int i = 0; i < shape.size(); i++) {
            Object component;
            try {
                component = shape.component(value, i);
            } catch (Throwable accessorFailed) {
                throw NotATree.INSTANCE; // JDK serialization reads the fields, not the accessors
            }
            write(component, depth + 1);
        }
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
        if (enteredCount > 0) {
            if (seen == null) {
                seen = new IdentityHashMap<>(64);
                seen.put(entered[0], Boolean.TRUE);
            }
            if (seen.put(container, Boolean.TRUE) != null) {
                throw NotATree.INSTANCE; // shared or cyclic: JDK serialization keeps the identity
            }
        }
        if (enteredCount == entered.length) {
            entered = Arrays.copyOf(entered, enteredCount * 2);
        }
        entered[enteredCount++] = container;
    }

    /** The bytes written so far: with {@link #containers()} and {@link #classes()}, a point to {@link #rewind} to. */
    int size() {
        return size;
    }

    int containers() {
        return enteredCount;
    }

    int classes() {
        return classCount;
    }

    /** Forgets the bytes, containers and classes written after the point they were those counts. */
    void rewind(int bytes, int containers, int knownClasses) {
        size = bytes;
        for (int i = containers; i < enteredCount; i++) {
            if (seen != null) {
                seen.remove(entered[i]);
            }
            entered[i] = null;
        }
        enteredCount = containers;
        Arrays.fill(classes, knownClasses, classCount, null);
        classCount = knownClasses;
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
            writeMap((Map<?, ?>) value, TreeTags.TREE_MAP, depth);
        } else {
            if (((SortedSet<?>) value).comparator() != null) {
                return false;
            }
            enter(value, depth);
            writeItems((Set<?>) value, TreeTags.TREE_SET, depth);
        }
        return true;
    }

    /**
     * The tag, the count and the items: as a typed run when the items allow, else node by node. An
     * immutable list of {@code Stream.toList()} may hold nulls, which {@code List.of} refuses: such
     * a list goes through JDK serialization.
     */
    private void writeItems(Collection<?> items, byte tag, int depth) {
        if (TypedRuns.writeItems(this, items, tag, depth)) {
            return;
        }
        boolean noNulls = tag == TreeTags.IMMUTABLE_LIST;
        putByte(tag);
        putVarLong(items.size());
        for (Object item : items) {
            if (item == null && noNulls) {
                throw NotATree.INSTANCE;
            }
            write(item, depth + 1);
        }
    }

    /** A class by number, or by name at its first appearance in this tree. */
    void putClass(Class<?> type) {
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
        putName(type.getName());
    }

    /**
     * A string node: {@code LATIN1} and one byte a char when every char fits in a byte (a copy,
     * and a copy back on the other side), else {@code UTF16} and two bytes a char, which keeps
     * every char as it is (a lone surrogate too, which UTF-8 would turn into '?').
     */
    void putStringNode(String s) {
        int length = s.length();
        ensure(length + 6);
        int tagAt = size++;
        putVarLong(length);
        if (copyLatin1(s, size)) {
            buf[tagAt] = TreeTags.LATIN1;
            size += length;
        } else {
            buf[tagAt] = TreeTags.UTF16;
            copyUtf16(s);
        }
    }

    /**
     * A string of a typed run: its length in chars shifted left by one, the low bit set when its
     * chars follow two bytes each (a string beyond Latin-1), clear when one byte each.
     */
    void putRunString(String s) {
        int length = s.length();
        ensure(length + 5);
        int lengthAt = size;
        putVarLong((long) length << 1);
        if (copyLatin1(s, size)) {
            size += length;
        } else {
            size = lengthAt;
            putVarLong(((long) length << 1) | 1);
            copyUtf16(s);
        }
    }

    /**
     * An entry of a word count's typed run: the key as {@link #putRunString} writes it, then the
     * count as a zig-zag varint. One bounds check for both, and the commonest case (a Latin-1 key
     * of fewer than 64 chars, a count within -64..63: one byte of header, one of count) written
     * in place without the general varint loop.
     */
    void putRunEntry(String key, int count) {
        int length = key.length();
        ensure(length + 10);
        int at = size;
        if (length < 64 && copyLatin1(key, at + 1)) {
            buf[at] = (byte) (length << 1);
            at += 1 + length;
        } else {
            putRunString(key);
            ensure(5); // its chars may have grown the buffer to end exactly where they do
            at = size;
        }
        int zigzag = (count << 1) ^ (count >> 31);
        if ((zigzag & ~0x7F) == 0) {
            buf[at] = (byte) zigzag;
            size = at + 1;
        } else {
            size = at;
            putVarLong(zigzag & 0xFFFFFFFFL); // the same bytes as the long zig-zag of the count
        }
    }

    /** Writes the chars of {@code s} two bytes each, big-endian. */
    private void copyUtf16(String s) {
        int length = s.length();
        ensure(2 * length);
        byte[] out = buf;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            out[at] = (byte) (c >>> 8);
            out[at + 1] = (byte) c;
            at += 2;
        }
        size = at;
    }

    /**
     * Copies {@code s} one byte a char into the buffer at {@code at}, which has room, and leaves
     * the size to the caller; false at the first char that does not fit in a byte (then the bytes
     * there are garbage, to be overwritten). The exit per char measured faster on short words
     * than or-ing every char into a mask checked after the loop.
     */
    private boolean copyLatin1(String s, int at) {
        int length = s.length();
        byte[] out = buf;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return false;
            }
            out[at + i] = (byte) c;
        }
        return true;
    }

    /** A name (of a class, of an enum constant): its length and UTF-8 bytes, without a tag. */
    private void putName(String s) {
        int length = s.length();
        ensure(length + 5);
        // ASCII, the common case, is written char by char in one pass; anything else by the JDK's encoder
        int lengthAt = size;
        putVarLong(length);
        int at = size;
        byte[] out = buf;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = lengthAt;
                putBytes(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            out[at + i] = (byte) c;
        }
        size = at + length;
    }

    /** A length and the bytes. */
    void putBytes(byte[] bytes) {
        putVarLong(bytes.length);
        putRaw(bytes);
    }

    private void putRaw(byte[] bytes) {
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

    void ensure(int more) {
        if (size + more > buf.length) {
            grow(more); // apart, so that the check inlines into every put
        }
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
}
