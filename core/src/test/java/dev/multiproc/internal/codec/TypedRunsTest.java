package dev.multiproc.internal.codec;

import dev.multiproc.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed runs of the value tree ({@link TypedRuns}) and its Latin-1 and UTF-16 strings: both ways, and the fall-backs. */
class TypedRunsTest {
    private static final StandardCodec CODEC = StandardCodec.INSTANCE;
    private static final byte TREE = 16;
    private static final byte JAVA = 127;
    /** Every edge of the two string forms: empty, Latin-1 beyond ASCII, the first char past it, pairs, lone surrogates. */
    private static final List<String> STRINGS = List.of("", "a", "grüße", "\u00ff", "\u0100", "日本語", "emoji \uD83D\uDE00",
            "lone \uD800", "\uDC00 reversed \uD800", "x".repeat(70_000), "ü".repeat(300) + "\u20ac");

    record Point(int x, int y, String name) implements Serializable {
    }

    record Line(Point from, Point to, List<String> tags) implements Serializable {
    }

    record Empty() implements Serializable {
    }

    /** Encodes, checks the tree form and whether the outer container took a typed run, decodes. */
    @SuppressWarnings("unchecked")
    private static <T> T viaTree(Object value, boolean typed) {
        byte[] bytes = CODEC.encode(value);
        assertEquals(TREE, bytes[0], "tree form for " + value.getClass().getName());
        assertEquals(typed, bytes[1] == TreeTags.TYPED, "typed run for " + value);
        return (T) CODEC.decode(bytes);
    }

    private static void assertRoundTrip(Object value, boolean typed) {
        Object back = viaTree(value, typed);
        assertEquals(value, back);
        assertEquals(value.getClass(), back.getClass());
        assertNotSame(value, back);
    }

    @Test
    void mapsOfOneKindOfKeyAndValueTakeATypedRunAndKeepTheirClassAndOrder() {
        HashMap<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            counts.put("w" + i, i * 7 - 300);
        }
        counts.put("big", Integer.MAX_VALUE);
        counts.put("small", Integer.MIN_VALUE);
        assertRoundTrip(counts, true);
        LinkedHashMap<String, Long> ordered = new LinkedHashMap<>();
        ordered.put("z", 1L); // a small Long stays a Long
        ordered.put("a", Long.MIN_VALUE);
        ordered.put("m", Long.MAX_VALUE);
        Map<String, Long> orderedBack = viaTree(ordered, true);
        assertEquals(List.of("z", "a", "m"), List.copyOf(orderedBack.keySet()));
        assertEquals(Long.class, orderedBack.get("z").getClass());
        assertRoundTrip(new TreeMap<>(Map.of(3, "c", 1, "a", 2, "b")), true);
        assertRoundTrip(Map.of("nan", Double.NaN, "neg", -0.0, "max", Double.MAX_VALUE), true);
        assertRoundTrip(new HashMap<>(Map.of("p", new Point(1, 2, "p"), "q", new Point(3, 4, null))), true);
        assertRoundTrip(new HashMap<>(Map.of("k", List.of(1, 2), "l", new ArrayList<>(List.of("x")))), true); // keys typed only
        assertRoundTrip(new HashMap<>(Map.of(List.of(1), 1, List.of(2), 2)), true); // values typed only
        HashMap<String, String> strings = new HashMap<>();
        for (String s : STRINGS) {
            strings.put(s, s + s);
        }
        assertRoundTrip(strings, true);
    }

    @Test
    void wordCountsKeepEveryKeyAndCountAtTheEdgesOfTheirOneByteForms() {
        HashMap<String, Integer> counts = new HashMap<>();
        int[] edges = {0, 1, -1, 63, -64, 64, -65, 127, 128, -128, -129, 8191, 8192, -8193, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int i = 0; i < edges.length; i++) {
            counts.put("count" + i, edges[i]);
        }
        for (int length : new int[] {0, 1, 62, 63, 64, 65, 127, 128, 70_000}) {
            counts.put("k".repeat(length), length);
            counts.put("\u00ff".repeat(length) + "|", -length); // Latin-1 beyond ASCII, one char past each edge
            counts.put("a".repeat(length) + "\u0100", length); // the char beyond Latin-1 last, after a full copy
            counts.put("\u0100" + "a".repeat(length), -length); // and first
        }
        for (String s : STRINGS) {
            counts.put("s:" + s, s.length());
        }
        assertRoundTrip(counts, true);
        for (int size : new int[] {2, 3, 6, 12, 48, 384, 385, 768, 769}) { // at and past each table's threshold
            HashMap<String, Integer> sized = new HashMap<>();
            for (int i = 0; i < size; i++) {
                sized.put("w" + i, i);
            }
            assertRoundTrip(sized, true);
            assertRoundTrip(new HashSet<>(sized.keySet()), true);
            assertRoundTrip(new LinkedHashMap<>(sized), true);
        }
        HashMap<String, Integer> large = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            large.put(Integer.toString(i, 36) + (i % 97 == 0 ? "\uD800" : ""), i % 3 == 0 ? -i : i);
        }
        assertRoundTrip(large, true);
        HashMap<String, Object> oneLong = new HashMap<>(large);
        oneLong.put("long", 5L);
        Map<String, Object> back = viaTree(oneLong, false);
        assertEquals(oneLong, back);
        assertEquals(Long.class, back.get("long").getClass());
        HashMap<Object, Integer> oneKeyNotAString = new HashMap<>(large);
        oneKeyNotAString.put(7, 7);
        assertEquals(oneKeyNotAString, CODEC.decode(CODEC.encode(oneKeyNotAString))); // typed or not by the first key
    }

    @Test
    void aCountRightAfterAKeyThatFilledTheBufferStillFits() throws InterruptedException {
        // a fresh thread has a fresh 4,096-byte scratch: 10 bytes before the second key, its 2-byte
        // header and 2 x 2,042 bytes of chars end exactly at its end, and the count comes after
        List<Object> results = new ArrayList<>();
        Thread encoder = new Thread(() -> {
            for (int length = 2030; length <= 2042; length++) {
                LinkedHashMap<String, Integer> counts = new LinkedHashMap<>();
                counts.put("ab", 1);
                counts.put("\u0100".repeat(length), 1); // a one-byte count, written without the varint path
                byte[] bytes = CODEC.encode(counts);
                results.add(bytes[1] == TreeTags.TYPED && CODEC.decode(bytes).equals(counts) ? "ok" : length);
            }
        });
        encoder.start();
        encoder.join(30_000);
        assertEquals(Collections.nCopies(13, "ok"), results);
    }

    @Test
    void aWordCountIsWrittenAsTheLayoutSays() {
        LinkedHashMap<String, Integer> counts = new LinkedHashMap<>();
        counts.put("ab", 1);
        counts.put("\u0100", -65);
        counts.put("", 64);
        byte[] expected = {TREE, TreeTags.TYPED, TreeTags.LINKED_HASH_MAP, 3, TreeTags.STRING, TreeTags.INT,
            2 << 1, 'a', 'b', 2, // Latin-1: length << 1, one byte a char; zig-zag 1 = 2
            (1 << 1) | 1, 0x01, 0x00, (byte) 0x81, 0x01, // two bytes a char; zig-zag -65 = 129, two varint bytes
            0, (byte) 0x80, 0x01}; // empty; zig-zag 64 = 128
        assertTrue(Arrays.equals(expected, CODEC.encode(counts)), Arrays.toString(CODEC.encode(counts)));
        assertEquals(counts, CODEC.decode(expected));
    }

    @Test
    void listsAndSetsOfOneKindTakeATypedRunAndKeepTheirClass() {
        assertRoundTrip(new ArrayList<>(STRINGS), true);
        assertRoundTrip(new LinkedList<>(List.of(1, -1, Integer.MIN_VALUE)), true);
        assertRoundTrip(new HashSet<>(Set.of(1L, 2L, Long.MIN_VALUE)), true);
        assertEquals(List.of(3, 1, 2), List.copyOf(TypedRunsTest.<Set<Integer>>viaTree(new LinkedHashSet<>(List.of(3, 1, 2)), true)));
        assertRoundTrip(new TreeSet<>(Set.of("b", "a", "ü")), true);
        assertRoundTrip(Arrays.asList(1.5, 2.5), true);
        assertRoundTrip(List.of("p", "q", "r"), true);
        assertRoundTrip(Set.of(4, 5, 6), true);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            points.add(new Point(i, -i, "p" + i));
        }
        points.add(new Point(0, 0, null));
        assertRoundTrip(points, true);
        assertRoundTrip(new ArrayList<>(List.of(new Line(points.get(1), points.get(2), List.of("t")),
                new Line(points.get(3), points.get(4), List.of()))), true);
    }

    @Test
    void emptyAndSingleCollectionsAndRecordsWithoutComponentsAreWrittenNodeByNode() {
        assertRoundTrip(new HashMap<>(), false);
        assertRoundTrip(new HashMap<>(Map.of("one", 1)), false);
        assertRoundTrip(new ArrayList<>(), false);
        assertRoundTrip(new ArrayList<>(List.of("one")), false);
        assertRoundTrip(new ArrayList<>(List.of(new Empty(), new Empty())), false);
        assertSame(List.of(), viaTree(List.of(), false));
    }

    @Test
    void anItemOfAnotherKindFallsBackToNodesAndKeepsEveryType() {
        LinkedHashMap<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("int", 1);
        mixed.put("long", 1L); // Integer vs Long kept apart
        mixed.put("null", null);
        assertRoundTrip(mixed, false);
        Map<String, Object> back = viaTree(mixed, false);
        assertEquals(Long.class, back.get("long").getClass());
        LinkedHashMap<String, Integer> nullKeyLast = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            nullKeyLast.put("k" + i, i);
        }
        nullKeyLast.put(null, 7);
        assertRoundTrip(nullKeyLast, false);
        HashMap<String, Integer> nullKeyFirst = new HashMap<>(nullKeyLast); // hashed first: keys are nodes, values typed
        assertRoundTrip(nullKeyFirst, true);
        LinkedHashMap<String, Integer> nullValueLast = new LinkedHashMap<>(Map.of("a", 1));
        nullValueLast.put("b", null);
        assertRoundTrip(nullValueLast, false);
        assertRoundTrip(new ArrayList<>(Arrays.asList("a", "b", null)), false);
        assertRoundTrip(new ArrayList<>(Arrays.asList(new Point(1, 2, "p"), new Point(3, 4, "q"), "not a point")), false);
    }

    @Test
    void aRunThatFallsBackForgetsTheContainersAndClassesItWrote() {
        // records holding lists, then an item of another kind: the rewritten nodes must not look shared
        Point p = new Point(1, 2, "p");
        List<Object> lines = new ArrayList<>(List.of(new Line(p, p, new ArrayList<>(List.of("a"))),
                new Line(p, p, new ArrayList<>(List.of("b"))), new Point(5, 6, "a point, not a line")));
        assertRoundTrip(lines, false);
        // a list really shared by two records of a run still goes whole through JDK serialization, sharing kept
        List<String> shared = new ArrayList<>(List.of("s"));
        List<Line> sharing = new ArrayList<>(List.of(new Line(p, p, shared), new Line(p, p, shared)));
        byte[] bytes = CODEC.encode(sharing);
        assertEquals(JAVA, bytes[0]);
        @SuppressWarnings("unchecked")
        List<Line> back = (List<Line>) CODEC.decode(bytes);
        assertSame(back.get(0).tags(), back.get(1).tags());
    }

    @Test
    void stringNodesKeepEveryCharIncludingLoneSurrogates() {
        List<Object> values = new ArrayList<>(STRINGS);
        values.add(1); // mixed: each string is a node of its own
        Object back = viaTree(values, false);
        assertEquals(values, back);
        assertRoundTrip(new ArrayList<>(List.of("lone \uD800", "\uDFFF")), true);
        assertNotEquals(CODEC.encode(new ArrayList<>(List.of("\u00ff", 1))).length,
                CODEC.encode(new ArrayList<>(List.of("\u0100", 1))).length, "one byte a char up to U+00FF, two beyond");
    }

    @Test
    void corruptTypedRunsFailFastWithATypedException() {
        HashMap<String, Integer> counts = new HashMap<>(Map.of("a", 1, "ü", 2, "日本", 3));
        List<Object> everyKind = new ArrayList<>(List.of(counts, new ArrayList<>(List.of(1L, 2L)), new ArrayList<>(List.of(1.5, 2.5)),
                new ArrayList<>(List.of(new Point(1, 2, "p"), new Point(3, 4, "\u0100"))), new TreeMap<>(Map.of("k", List.of(1), "l", List.of()))));
        byte[] good = CODEC.encode(everyKind);
        assertEquals(TREE, good[0]);
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(SerializationException.class, () -> CODEC.decode(truncated), "truncated at " + cut);
        }
        assertCorrupt(new byte[] {TREE, TreeTags.TYPED, TreeTags.OBJECTS, 0, 0}, "a typed run of tag 32");
        assertCorrupt(new byte[] {TREE, TreeTags.TYPED, TreeTags.ARRAY_LIST, 1, 9, 0}, "a typed run of kind 9");
        assertCorrupt(new byte[] {TREE, TreeTags.TYPED, TreeTags.ARRAY_LIST, 1, TreeTags.STRING, 40, 'a'}, "a string of 20 bytes");
        assertCorrupt(new byte[] {TREE, TreeTags.TYPED, TreeTags.ARRAY_LIST, 1, TreeTags.STRING, 41, 'a'}, "a string of 20 chars");
        assertCorrupt(new byte[] {TREE, TreeTags.TYPED, TreeTags.ARRAY_LIST, (byte) 0xff, 0x7f, TreeTags.INT, 1}, "a count of");
        assertCorrupt(new byte[] {TREE, TreeTags.TYPED, TreeTags.IMMUTABLE_SET, 2, TreeTags.INT, 2, 2}, "duplicate");
        assertCorrupt(new byte[] {TREE, TreeTags.UTF16, 3, 0, 'a'}, "a count of 3");
    }

    private static void assertCorrupt(byte[] bytes, String expected) {
        SerializationException e = assertThrows(SerializationException.class, () -> CODEC.decode(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
