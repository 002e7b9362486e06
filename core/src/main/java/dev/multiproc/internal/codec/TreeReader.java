package dev.multiproc.internal.codec;

import dev.multiproc.SerializationException;

import java.io.ObjectInputFilter;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
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
 * Reads what {@link TreeWriter} wrote. Every length and count is checked against the bytes left
 * before anything is allocated, and the depth is bounded, so corrupt input fails fast with a
 * {@link SerializationException} naming the offset.
 *
 * <p>Safe by construction: the only objects made are the JDK's collections, strings, boxes and
 * arrays, constants of enums, and records through their canonical constructors, of serializable
 * record classes without serialization hooks (which JDK serialization would rebuild the same
 * way). Classes are found through the codec's {@link ClassResolver}, as JDK serialization finds
 * them, and pass the JVM-wide serialization filter when one is set.
 */
final class TreeReader {
    private final byte[] in;
    private final int start;
    private final int end;
    private int pos;
    private Class<?>[] classes;
    private int classCount;

    private TreeReader(byte[] in, int offset, int length) {
        this.in = in;
        this.start = offset;
        this.pos = offset;
        this.end = offset + length;
    }

    static Object decode(byte[] bytes, int offset, int length) {
        TreeReader reader = new TreeReader(bytes, offset, length);
        try {
            Object value = reader.read(0);
            if (reader.pos != reader.end) {
                throw reader.corrupt((reader.end - reader.pos) + " bytes after the value");
            }
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            // a TreeSet of values that do not compare, a Set.of with duplicates, a record's own check
            throw new SerializationException("cannot decode a value tree of " + length + " bytes: " + e, e);
        }
    }

    Object read(int depth) {
        byte tag = getByte();
        switch (tag) {
            case TreeTags.NULL: return null;
            case TreeTags.LATIN1: return getLatin1();
            case TreeTags.STRING: return getString();
            case TreeTags.INT: return (int) unzigzag(getVarLong());
            case TreeTags.LONG: return unzigzag(getVarLong());
            case TreeTags.DOUBLE: return Double.longBitsToDouble(getLong());
            case TreeTags.TRUE: return Boolean.TRUE;
            case TreeTags.FALSE: return Boolean.FALSE;
            case TreeTags.HASH_MAP: {
                int count = count(2);
                return readMap(new HashMap<>(capacity(count)), depth, count);
            }
            case TreeTags.ARRAY_LIST: {
                int count = count(1);
                return readItems(new ArrayList<>(count), depth, count);
            }
            default: return readOther(tag, depth);
        }
    }

    private Object readOther(byte tag, int depth) {
        if (tag < TreeTags.ARRAY_LIST) {
            return ScalarTrees.read(this, tag);
        }
        switch (tag) {
            case TreeTags.LINKED_HASH_MAP: {
                int count = count(2);
                return readMap(new LinkedHashMap<>(capacity(count)), depth, count);
            }
            case TreeTags.TREE_MAP: return readMap(new TreeMap<>(), depth, count(2));
            case TreeTags.HASH_SET: {
                int count = count(1);
                return readItems(new HashSet<>(capacity(count)), depth, count);
            }
            case TreeTags.LINKED_HASH_SET: {
                int count = count(1);
                return readItems(new LinkedHashSet<>(capacity(count)), depth, count);
            }
            case TreeTags.TREE_SET: return readItems(new TreeSet<>(), depth, count(1));
            case TreeTags.LINKED_LIST: return readItems(new LinkedList<>(), depth, count(1));
            case TreeTags.ARRAYS_AS_LIST: return Arrays.asList(readArray(count(1), depth));
            case TreeTags.IMMUTABLE_LIST: return List.of(readArray(count(1), depth));
            case TreeTags.IMMUTABLE_SET: return Set.of(readArray(count(1), depth));
            case TreeTags.IMMUTABLE_MAP: return readImmutableMap(count(2), depth);
            case TreeTags.OBJECTS: return readObjects(depth);
            case TreeTags.TYPED: return TypedRuns.read(this, depth);
            case TreeTags.UTF16: return getUtf16(count(2));
            case TreeTags.RECORD: return readRecord(depth);
            case TreeTags.ENUM: return readEnum();
            default:
                throw corrupt("unknown tag " + tag);
        }
    }

    private Map<Object, Object> readMap(Map<Object, Object> map, int depth, int count) {
        checkDepth(depth);
        for (int i = 0; i < count; i++) {
            map.put(read(depth + 1), read(depth + 1));
        }
        return map;
    }

    private Collection<Object> readItems(Collection<Object> items, int depth, int count) {
        checkDepth(depth);
        for (int i = 0; i < count; i++) {
            items.add(read(depth + 1));
        }
        return items;
    }

    private Object[] readArray(int count, int depth) {
        checkDepth(depth);
        Object[] items = new Object[count];
        for (int i = 0; i < count; i++) {
            items[i] = read(depth + 1);
        }
        return items;
    }

    private Map<Object, Object> readImmutableMap(int count, int depth) {
        checkDepth(depth);
        @SuppressWarnings("unchecked")
        Map.Entry<Object, Object>[] entries = new Map.Entry[count];
        for (int i = 0; i < count; i++) {
            entries[i] = Map.entry(read(depth + 1), read(depth + 1));
        }
        return Map.ofEntries(entries);
    }

    private Object readObjects(int depth) {
        Class<?> component = getClassRef();
        if (component.isPrimitive()) {
            throw corrupt("an array of objects of primitive type " + component);
        }
        int count = count(1);
        checkDepth(depth);
        Object array = Array.newInstance(component, count); // makes an array, no instance of the class
        Object[] items = (Object[]) array;
        for (int i = 0; i < count; i++) {
            items[i] = read(depth + 1); // an ArrayStoreException on corrupt input becomes a SerializationException
        }
        return array;
    }

    private Object readRecord(int depth) {
        Class<?> type = getClassRef();
        RecordShape shape = recordShape(type);
        int count = count(1);
        if (count != shape.size()) {
            throw corrupt(count + " components for record " + type.getName() + ", which has " + shape.size());
        }
        return readComponents(type, shape, depth);
    }

    /** The shape of a record class named in the tree; a class that may not travel as a record is corrupt data. */
    RecordShape recordShape(Class<?> type) {
        RecordShape shape = RecordShape.of(type);
        if (shape == null) {
            throw corrupt(type.getName() + " is not a serializable record without writeReplace or readResolve");
        }
        return shape;
    }

    /** The components of a record at {@code depth}, each a node, and the record they make. */
    Object readComponents(Class<?> type, RecordShape shape, int depth) {
        checkDepth(depth);
        Object[] components = new Object[shape.size()];
        for (int i = 0; i < components.length; i++) {
            components[i] = read(depth + 1);
        }
        try {
            return shape.construct(components);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SerializationException("cannot decode record " + type.getName() + ": " + e, e);
        }
    }

    private Object readEnum() {
        Class<?> type = getClassRef();
        if (!type.isEnum()) {
            throw corrupt(type.getName() + " is not an enum");
        }
        String name = getString();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object constant = Enum.valueOf((Class) type, name);
        return constant;
    }

    void checkDepth(int depth) {
        if (depth >= TreeTags.MAX_DEPTH) {
            throw corrupt("nested deeper than " + TreeTags.MAX_DEPTH);
        }
    }

    Class<?> getClassRef() {
        int ref = (int) getVarLong();
        if (ref > 0) {
            if (ref > classCount) {
                throw corrupt("class number " + ref + " of " + classCount);
            }
            return classes[ref - 1];
        }
        String name = getString();
        Class<?> type;
        try {
            type = StandardCodec.classResolver().resolve(name);
        } catch (ClassNotFoundException e) {
            throw new SerializationException("cannot deserialize: class " + name + " is not available in process "
                    + ProcessHandle.current().pid(), e);
        }
        checkFilter(type);
        if (classes == null) {
            classes = new Class<?>[4];
        } else if (classCount == classes.length) {
            classes = Arrays.copyOf(classes, classCount * 2);
        }
        classes[classCount++] = type;
        return type;
    }

    /** A class the JVM-wide serialization filter rejects is rejected here too. */
    private void checkFilter(Class<?> type) {
        ObjectInputFilter filter = ObjectInputFilter.Config.getSerialFilter();
        if (filter != null && filter.checkInput(new ClassInfo(type, pos - start)) == ObjectInputFilter.Status.REJECTED) {
            throw new SerializationException("cannot deserialize: class " + type.getName()
                    + " is rejected by the serialization filter " + filter, null);
        }
    }

    String getString() {
        int length = count(1);
        String s = new String(in, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** A {@code LATIN1} node's payload: a length and one byte a char. */
    private String getLatin1() {
        int length = count(1);
        String s = new String(in, pos, length, StandardCharsets.ISO_8859_1);
        pos += length;
        return s;
    }

    /** A string of a typed run: its length in chars shifted left by one, the low bit set for two bytes a char. */
    @SuppressWarnings("deprecation") // the constructor with a high byte: ISO-8859-1 exactly when that byte is 0
    String getRunString() {
        int at = pos;
        if (at < end) {
            byte first = in[at];
            int length = first >> 1;
            if ((first & 0x81) == 0 && length < end - at) {
                // the commonest case in one step: a one-byte header (fewer than 64 chars), Latin-1, all
                // there; the high-byte constructor measured ~7% faster than the one taking a charset
                pos = at + 1 + length;
                return new String(in, 0, at + 1, length);
            }
        }
        long header = getVarLong();
        if ((header & 1) != 0) {
            return getUtf16(header >>> 1);
        }
        long length = header >>> 1;
        if (length > end - pos) {
            throw corrupt("a string of " + length + " bytes with " + (end - pos) + " bytes left");
        }
        int n = (int) length;
        String s = new String(in, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /** {@code length} chars of two bytes each, big-endian: every char as written, lone surrogates too. */
    private String getUtf16(long length) {
        if (length > (end - pos) / 2) {
            throw corrupt("a string of " + length + " chars with " + (end - pos) + " bytes left");
        }
        char[] chars = new char[(int) length];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff));
            pos += 2;
        }
        return new String(chars);
    }

    byte[] getBytes(int length) {
        byte[] out = Arrays.copyOfRange(in, pos, pos + length);
        pos += length;
        return out;
    }

    /** A count or length, checked: each of its items takes at least {@code minBytes} of what is left. */
    int count(int minBytes) {
        long count = getVarLong();
        if (count < 0 || count > (long) (end - pos) / minBytes) {
            throw corrupt("a count of " + count + " with " + (end - pos) + " bytes left");
        }
        return (int) count;
    }

    /**
     * The initial capacity of a hashed collection of {@code count} items that never resizes while
     * they are added: count / 0.75 rounded up, as the JDK's {@code HashMap.newHashMap} sizes (the
     * former count * 4 / 3 + 1 doubled the table when count / 0.75 was a power of two).
     */
    static int capacity(int count) {
        return (int) Math.min(Integer.MAX_VALUE - 8, (count * 4L + 2) / 3);
    }

    byte getByte() {
        if (pos >= end) {
            throw corrupt("truncated");
        }
        return in[pos++];
    }

    long getVarLong() {
        if (pos < end) {
            byte first = in[pos];
            if (first >= 0) { // one byte: a word count, a short length
                pos++;
                return first;
            }
        }
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = getByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw corrupt("a varint longer than 10 bytes");
    }

    int getInt() {
        if (end - pos < 4) {
            throw corrupt("truncated");
        }
        int v = ((in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16) | ((in[pos + 2] & 0xff) << 8) | (in[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long getLong() {
        return ((long) getInt() << 32) | (getInt() & 0xffffffffL);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    SerializationException corrupt(String what) {
        return new SerializationException("cannot decode a value tree of " + (end - start) + " bytes: " + what
                + " at byte " + (pos - start) + " (corrupt data or a peer of another multiproc version)", null);
    }

    /** What the serialization filter is asked about a class. */
    private static final class ClassInfo implements ObjectInputFilter.FilterInfo {
        private final Class<?> type;
        private final long bytes;

        ClassInfo(Class<?> type, long bytes) {
            this.type = type;
            this.bytes = bytes;
        }

        @Override
        public Class<?> serialClass() {
            return type;
        }

        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 0;
        }

        @Override
        public long streamBytes() {
            return bytes;
        }
    }
}
