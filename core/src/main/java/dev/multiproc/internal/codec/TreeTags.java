package dev.multiproc.internal.codec;

/**
 * The layout of a value tree: what {@link TreeWriter} writes after {@link StandardCodec}'s tag
 * {@code TREE}, and {@link TreeReader} reads. One node per value, its tag first; lengths and
 * counts are unsigned LEB128 varints, ints and longs zig-zag varints (a word count is one byte).
 *
 * <pre>
 *   tag            payload
 *   NULL       0   -
 *   INT        1   zigzag varint
 *   LONG       2   zigzag varint
 *   STRING     3   varint length | UTF-8 (class and constant names; string values are LATIN1 or UTF16)
 *   LATIN1    19   varint length | one byte a char (a string whose every char is below 256)
 *   UTF16     36   varint length | length x u16 (BE): any other string, every char as it is
 *   BYTES      4   varint length | bytes
 *   DOUBLE     5   i64 raw bits (BE)          FLOAT 8: i32 raw bits (BE)
 *   TRUE/FALSE 6/7 -
 *   SHORT      9   zigzag varint              BYTE 10: u8        CHAR 11: varint
 *   INTS      12   varint count | count x i32 (BE)
 *   LONGS     13   varint count | count x i64 (BE)
 *   DOUBLES   14   varint count | count x i64 raw bits (BE)
 *   FLOATS    15   varint count | count x i32 raw bits (BE)
 *   SHORTS    16 / CHARS 17 / BOOLEANS 18: varint count | count x (i16 / u16 (BE) / u8)
 *   ARRAY_LIST 20, LINKED_LIST 21, ARRAYS_AS_LIST 22, IMMUTABLE_LIST 23:  varint count | count x node
 *   HASH_SET 24, LINKED_HASH_SET 25, TREE_SET 26, IMMUTABLE_SET 27:       varint count | count x node
 *   HASH_MAP 28, LINKED_HASH_MAP 29, TREE_MAP 30, IMMUTABLE_MAP 31:       varint count | count x (key node | value node)
 *   OBJECTS   32   class ref of the component type | varint count | count x node   (Object[], String[], Integer[], ...)
 *   RECORD    33   class ref | varint count | count x node (the components, in declaration order)
 *   ENUM      34   class ref | the constant's name: varint length | UTF-8
 *   TYPED     35   collection tag (20-31) | varint count | kind (maps: key kind, then value kind) | count x item
 *                  (maps: key item | value item), each item written as its kind says, without a tag:
 *
 *     kind ANY     0   a node, tag and all
 *          INT/LONG 1/2 zigzag varint                DOUBLE 5: i64 raw bits (BE)
 *          STRING   3   varint (length << 1 | u) | length chars: u = 0 one byte each (Latin-1), u = 1 two (BE)
 *          RECORD  33   class ref after the kind; each item its components, each a node, in declaration order
 *
 *   class ref: varint n; n = 0: a new class, then varint length | UTF-8 binary name (it becomes
 *   number k, counting from 1, in the order of first appearance); n > 0: the class numbered n
 * </pre>
 *
 * <p>Only exact JDK classes take a collection tag (a subclass of {@code HashMap} may carry state
 * of its own), and TreeSet and TreeMap only with their natural order; everything else makes the
 * whole value go through JDK serialization.
 */
final class TreeTags {
    static final byte NULL = 0;
    static final byte INT = 1;
    static final byte LONG = 2;
    static final byte STRING = 3;
    static final byte BYTES = 4;
    static final byte DOUBLE = 5;
    static final byte TRUE = 6;
    static final byte FALSE = 7;
    static final byte FLOAT = 8;
    static final byte SHORT = 9;
    static final byte BYTE = 10;
    static final byte CHAR = 11;
    static final byte INTS = 12;
    static final byte LONGS = 13;
    static final byte DOUBLES = 14;
    static final byte FLOATS = 15;
    static final byte SHORTS = 16;
    static final byte CHARS = 17;
    static final byte BOOLEANS = 18;
    static final byte LATIN1 = 19;
    static final byte ARRAY_LIST = 20;
    static final byte LINKED_LIST = 21;
    static final byte ARRAYS_AS_LIST = 22;
    static final byte IMMUTABLE_LIST = 23;
    static final byte HASH_SET = 24;
    static final byte LINKED_HASH_SET = 25;
    static final byte TREE_SET = 26;
    static final byte IMMUTABLE_SET = 27;
    static final byte HASH_MAP = 28;
    static final byte LINKED_HASH_MAP = 29;
    static final byte TREE_MAP = 30;
    static final byte IMMUTABLE_MAP = 31;
    static final byte OBJECTS = 32;
    static final byte RECORD = 33;
    static final byte ENUM = 34;
    static final byte TYPED = 35;
    static final byte UTF16 = 36;

    /**
     * Deeper trees go through JDK serialization (whose filter allows 5000); the reader refuses
     * anything deeper, so corrupt input cannot exhaust the stack.
     */
    static final int MAX_DEPTH = 1000;

    private TreeTags() {
    }
}
