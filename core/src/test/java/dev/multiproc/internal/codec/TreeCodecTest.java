package dev.multiproc.internal.codec;

import dev.multiproc.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value-tree tags of {@link StandardCodec}: every kind of node both ways, and what is refused. */
class TreeCodecTest {
    private static final StandardCodec CODEC = StandardCodec.INSTANCE;
    private static final byte TREE = 16;
    private static final byte JAVA = 127;

    record Point(int x, int y, String name) implements Serializable {
    }

    record Line(Point from, Point to, List<String> tags) implements Serializable {
    }

    record NotSerializable(int x) {
    }

    record Checked(int positive) implements Serializable {
        Checked {
            if (positive <= 0) {
                throw new IllegalArgumentException("not positive: " + positive);
            }
        }
    }

    record Replaced(int x) implements Serializable {
        private Object writeReplace() {
            return new Point(x, x, "replaced");
        }
    }

    static final class CountingMap extends HashMap<String, Integer> {
        private static final long serialVersionUID = 1L;
    }

    enum Color { RED, GREEN { @Override public String toString() { return "green"; } } }

    /** Encodes, checks that the tree form was taken, decodes. */
    @SuppressWarnings("unchecked")
    private static <T> T viaTree(Object value) {
        byte[] bytes = CODEC.encode(value);
        assertEquals(TREE, bytes[0], "tree form for " + value.getClass().getName());
        return (T) CODEC.decode(bytes);
    }

    @Test
    void mapsOfEveryKindComeBackEqualAndOfTheirClass() {
        HashMap<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            counts.put("w" + i, i * 7 - 300);
        }
        counts.put(null, null);
        assertRoundTrip(counts);
        LinkedHashMap<Object, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1L << 40);
        ordered.put("a", 2.5);
        ordered.put(3, true);
        assertEquals(List.copyOf(ordered.keySet()), List.copyOf(TreeCodecTest.<Map<Object, Object>>viaTree(ordered).keySet()));
        assertRoundTrip(new TreeMap<>(Map.of("b", 1, "a", 2)));
        assertRoundTrip(Map.of("k", List.of(1, 2)));
        assertSame(Map.of(), viaTree(Map.of()));
        assertRoundTrip(Map.of("a", 1, "b", 2, "c", 3));
    }

    @Test
    void listsAndSetsOfEveryKindComeBackEqualAndOfTheirClass() {
        assertRoundTrip(new ArrayList<>(Arrays.asList("a", null, 1, 2L, 3.5, 4.5f, (short) 5, (byte) 6, 'c', false)));
        assertRoundTrip(new LinkedList<>(List.of("x", "y")));
        assertRoundTrip(Arrays.asList("p", "q"));
        assertRoundTrip(List.of(1));
        assertRoundTrip(List.of(1, 2, 3));
        assertRoundTrip(new HashSet<>(Set.of("a", "b")));
        assertRoundTrip(new LinkedHashSet<>(List.of(3, 1, 2)));
        assertRoundTrip(new TreeSet<>(Set.of(5, 1, 3)));
        assertRoundTrip(Set.of("only"));
        assertRoundTrip(Set.of(1, 2, 3));
    }

    @Test
    void stringsBeyondAsciiAndEdgeNumbersKeepTheirValue() {
        List<Object> values = new ArrayList<>(List.of("", "ascii", "grüße", "日本語", "emoji \uD83D\uDE00", "x".repeat(70_000),
                Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, Long.MIN_VALUE, Long.MAX_VALUE, Double.NaN, -0.0,
                Float.MIN_VALUE, Short.MIN_VALUE, Byte.MIN_VALUE, Character.MAX_VALUE));
        assertRoundTrip(values);
    }

    @Test
    void arraysOfPrimitivesAndOfObjectsKeepTheirComponentType() {
        List<Object> arrays = viaTree(new ArrayList<>(List.of(new int[] {1, -2}, new long[] {Long.MIN_VALUE}, new double[] {1.5},
                new float[] {2.5f}, new short[] {-3}, new char[] {'é'}, new boolean[] {true, false}, new byte[] {7, -8})));
        assertArrayEquals(new int[] {1, -2}, (int[]) arrays.get(0));
        assertArrayEquals(new long[] {Long.MIN_VALUE}, (long[]) arrays.get(1));
        assertArrayEquals(new double[] {1.5}, (double[]) arrays.get(2));
        assertArrayEquals(new float[] {2.5f}, (float[]) arrays.get(3));
        assertArrayEquals(new short[] {-3}, (short[]) arrays.get(4));
        assertArrayEquals(new char[] {'é'}, (char[]) arrays.get(5));
        assertArrayEquals(new boolean[] {true, false}, (boolean[]) arrays.get(6));
        assertArrayEquals(new byte[] {7, -8}, (byte[]) arrays.get(7));

        Integer[] boxed = viaTree(new Integer[] {1, null, 3});
        assertArrayEquals(new Integer[] {1, null, 3}, boxed);
        String[][] nested = viaTree(new String[][] {{"a"}, {"b", "c"}});
        assertEquals("c", nested[1][1]);
        Object[] mixed = viaTree(new Object[] {"a", 1, List.of(2)});
        assertArrayEquals(new Object[] {"a", 1, List.of(2)}, mixed);
    }

    @Test
    void recordsAndEnumsComeBackThroughTheirConstructorAndConstants() {
        Point p = new Point(1, -2, "p");
        assertRoundTrip(p);
        assertRoundTrip(new Line(p, new Point(3, 4, null), List.of("t")));
        List<Point> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new Point(i, -i, "p" + i));
        }
        assertRoundTrip(many);
        assertSame(Color.RED, viaTree(Color.RED));
        assertSame(Color.GREEN, viaTree(Color.GREEN)); // a constant with a body is a subclass
        assertRoundTrip(new ArrayList<>(List.of(Color.GREEN, Color.RED, Color.GREEN)));
    }

    @Test
    void whatATreeCannotCarryGoesThroughJdkSerializationUnchanged() {
        // shared and cyclic containers keep their identity
        List<String> shared = new ArrayList<>(List.of("s"));
        List<List<String>> twice = new ArrayList<>(List.of(shared, shared));
        assertEquals(JAVA, CODEC.encode(twice)[0]);
        @SuppressWarnings("unchecked")
        List<List<String>> back = (List<List<String>>) CODEC.decode(CODEC.encode(twice));
        assertSame(back.get(0), back.get(1));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertEquals(JAVA, CODEC.encode(cyclic)[0]);
        // a comparator, a subclass, a record with writeReplace, a null in List.of's class
        assertEquals(JAVA, CODEC.encode(new TreeSet<>(Comparator.reverseOrder()))[0]);
        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, 0.75f, true);
        lru.put("a", 1);
        lru.put("b", 2);
        assertEquals(JAVA, CODEC.encode(lru)[0]);
        assertEquals(List.of("a", "b"), List.copyOf(lru.keySet()), "the map itself is not touched");
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Integer> lruBack = (LinkedHashMap<String, Integer>) CODEC.decode(CODEC.encode(lru));
        lruBack.get("a");
        assertEquals(List.of("b", "a"), List.copyOf(lruBack.keySet()), "still in access order");
        CountingMap sub = new CountingMap();
        sub.put("a", 1);
        assertEquals(JAVA, CODEC.encode(sub)[0]);
        assertEquals(CountingMap.class, CODEC.decode(CODEC.encode(sub)).getClass());
        assertEquals(new Point(3, 3, "replaced"), CODEC.decode(CODEC.encode(new Replaced(3))));
        assertEquals(JAVA, CODEC.encode(java.util.stream.Stream.of("a", null).toList())[0]);
        // a value inside that needs JDK serialization sends the whole value that way
        List<Object> withDate = new ArrayList<>(List.of("a", new java.util.Date(0)));
        assertEquals(JAVA, CODEC.encode(withDate)[0]);
        assertEquals(withDate, CODEC.decode(CODEC.encode(withDate)));
        // a record that is not Serializable fails as JDK serialization fails, naming it
        SerializationException e = assertThrows(SerializationException.class, () -> CODEC.encode(new NotSerializable(1)));
        assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
    }

    @Test
    void deepNestingFallsBackOnEncodeAndIsRefusedOnDecode() throws InterruptedException {
        List<Object> deep = new ArrayList<>();
        List<Object> at = deep;
        for (int i = 0; i < TreeTags.MAX_DEPTH + 10; i++) {
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        // JDK serialization recurses deeper per level than the tree: a thread with room for it
        byte[][] encoded = new byte[1][];
        Thread big = new Thread(null, () -> encoded[0] = CODEC.encode(deep), "deep", 256L << 20);
        big.start();
        big.join();
        assertEquals(JAVA, encoded[0][0]);
        byte[] forged = new byte[2 + 2 * (TreeTags.MAX_DEPTH + 10)];
        forged[0] = TREE;
        for (int i = 1; i + 1 < forged.length; i += 2) {
            forged[i] = TreeTags.ARRAY_LIST;
            forged[i + 1] = 1;
        }
        forged[forged.length - 1] = TreeTags.NULL;
        assertCorrupt(forged, "nested deeper");
    }

    @Test
    void corruptTreesFailFastWithATypedExceptionNamingTheProblem() {
        // a value with a node of every tag: every prefix of it is cut short somewhere
        List<Object> everyTag = new ArrayList<>(Arrays.asList(null, 1, 2L, "abc", new byte[] {1}, 2.5, true, false, 1.5f,
                (short) 3, (byte) 4, 'c', new int[] {1}, new long[] {2}, new double[] {3}, new float[] {4}, new short[] {5},
                new char[] {'d'}, new boolean[] {true}, new LinkedList<>(List.of(1)), Arrays.asList(2), List.of(3),
                new HashSet<>(Set.of(4)), new LinkedHashSet<>(Set.of(5)), new TreeSet<>(Set.of(6)), Set.of(7),
                new HashMap<>(Map.of(8, 8)), new LinkedHashMap<>(Map.of(9, 9)), new TreeMap<>(Map.of(10, 10)),
                Map.of(11, 11), new String[] {"e"}, new Point(1, 2, "p"), Color.RED));
        byte[] good = CODEC.encode(everyTag);
        assertEquals(TREE, good[0]);
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(SerializationException.class, () -> CODEC.decode(truncated), "truncated at " + cut);
        }
        assertCorrupt(new byte[] {TREE, 99}, "unknown tag 99");
        assertCorrupt(new byte[] {TREE, TreeTags.ARRAY_LIST, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}, "a count of");
        assertCorrupt(new byte[] {TREE, TreeTags.NULL, 0}, "bytes after the value");
        assertCorrupt(new byte[] {TREE, TreeTags.INT, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}, "varint longer");
        assertCorrupt(new byte[] {TREE, TreeTags.RECORD, 5}, "class number 5");
        // Set.of with a duplicate, a TreeSet of things that do not compare
        assertCorrupt(new byte[] {TREE, TreeTags.IMMUTABLE_SET, 2, TreeTags.INT, 2, TreeTags.INT, 2}, "duplicate");
        assertCorrupt(new byte[] {TREE, TreeTags.TREE_SET, 2, TreeTags.INT, 2, TreeTags.STRING, 1, 'a'}, "cannot be cast");
    }

    @Test
    void decodingMakesOnlySerializableRecordsEnumsAndArraysOfResolvableClasses() {
        assertCorrupt(withClass(TreeTags.RECORD, NotSerializable.class, new byte[] {1, TreeTags.INT, 2}),
                "is not a serializable record");
        assertCorrupt(withClass(TreeTags.RECORD, Replaced.class, new byte[] {1, TreeTags.INT, 2}), "is not a serializable record");
        assertCorrupt(withClass(TreeTags.RECORD, Thread.class, new byte[] {0}), "is not a serializable record");
        assertCorrupt(withClass(TreeTags.ENUM, String.class, new byte[] {1, 'a'}), "is not an enum");
        assertCorrupt(withClass(TreeTags.OBJECTS, int.class, new byte[] {0}), "class int is not available"); // a primitive is no class name
        assertCorrupt(withClass(TreeTags.RECORD, Point.class, new byte[] {1, TreeTags.INT, 2}), "1 components for record");
        // wrong component types and a constructor's own check: the typed exception, with the cause
        SerializationException wrongType = assertThrows(SerializationException.class, () -> CODEC.decode(
                withClass(TreeTags.RECORD, Point.class, new byte[] {3, TreeTags.STRING, 1, 'x', TreeTags.INT, 2, TreeTags.NULL})));
        assertTrue(wrongType.getCause() instanceof ClassCastException, String.valueOf(wrongType.getCause()));
        SerializationException refused = assertThrows(SerializationException.class, () -> CODEC.decode(
                withClass(TreeTags.RECORD, Checked.class, new byte[] {1, TreeTags.INT, 1})));
        assertTrue(refused.getMessage().contains("not positive: -1"), refused.getMessage());
        assertCorrupt(withClass(TreeTags.ENUM, Color.class, new byte[] {4, 'B', 'L', 'U', 'E'}), "No enum constant");
        SerializationException missing = assertThrows(SerializationException.class, () -> CODEC.decode(
                withName(TreeTags.RECORD, "com.example.NoSuchRecord", new byte[] {0})));
        assertTrue(missing.getMessage().contains("com.example.NoSuchRecord is not available"), missing.getMessage());
    }

    @Test
    void aJvmWideSerialFilterRejectsRecordClassesHereToo() throws Exception {
        // the JVM-wide filter can be set once per JVM: a child JVM of its own, with -Djdk.serialFilter
        String classpath = System.getProperty("java.class.path");
        Process child = new ProcessBuilder(javaBinary(), "-Djdk.serialFilter=!" + Point.class.getName(), "-cp", classpath,
                FilteredDecode.class.getName()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("rejected by the serialization filter"), out);
    }

    /** The child of {@link #aJvmWideSerialFilterRejectsRecordClassesHereToo}. */
    public static final class FilteredDecode {
        public static void main(String[] args) {
            byte[] bytes = StandardCodec.INSTANCE.encode(new Point(1, 2, "p"));
            try {
                StandardCodec.INSTANCE.decode(bytes);
                System.out.println("decoded although the filter rejects it");
                System.exit(1);
            } catch (SerializationException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void assertRoundTrip(Object value) {
        Object back = viaTree(value);
        assertEquals(value, back);
        assertEquals(value.getClass(), back.getClass());
        assertNotSame(value, back);
    }

    private static void assertCorrupt(byte[] bytes, String expected) {
        SerializationException e = assertThrows(SerializationException.class, () -> CODEC.decode(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] withClass(byte tag, Class<?> type, byte[] rest) {
        return withName(tag, type.getName(), rest);
    }

    /** {@code TREE tag} and a new class ref of {@code name}, then {@code rest}. */
    private static byte[] withName(byte tag, String name, byte[] rest) {
        byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[4 + utf8.length + rest.length];
        out[0] = TREE;
        out[1] = tag;
        out[2] = 0; // a new class
        out[3] = (byte) utf8.length;
        System.arraycopy(utf8, 0, out, 4, utf8.length);
        System.arraycopy(rest, 0, out, 4 + utf8.length, rest.length);
        return out;
    }
}
