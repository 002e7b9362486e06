package dev.multiproc.internal.pool;

import dev.multiproc.SerializationException;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packed form of a chunk's values: each kind round-trips, and anything else falls back per value. */
class PackedValuesTest {

    @Test
    void intsPackToFourBytesEachAndRoundTrip() {
        Object[] values = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 42};
        FrameBuilder sink = pack(values);
        assertEquals(PackedValues.INTS, sink.array()[0]);
        assertEquals(1 + 4 + 4 * values.length, sink.size());
        assertEquals(Arrays.asList(values), unpack(sink));
    }

    @Test
    void longsDoublesStringsAndBytesRoundTripInTheirOwnKind() {
        assertRoundTrip(PackedValues.LONGS, 0L, Long.MIN_VALUE, Long.MAX_VALUE, -7L);
        assertRoundTrip(PackedValues.DOUBLES, 0.0, -0.0, Double.NaN, Double.MAX_VALUE, 1.5);
        assertRoundTrip(PackedValues.STRINGS, "", "a", "héllo wörld", "日本語", "x".repeat(70_000));
        Object[] bytes = {new byte[0], new byte[] {1, 2, 3}, new byte[100_000]};
        FrameBuilder sink = pack(bytes);
        assertEquals(PackedValues.BYTES, sink.array()[0]);
        List<Object> back = unpack(sink);
        for (int i = 0; i < bytes.length; i++) {
            assertArrayEquals((byte[]) bytes[i], (byte[]) back.get(i));
        }
    }

    @Test
    void mixedTypesNullsAndOtherClassesFallBackToOneEncodingPerValue() {
        assertRoundTrip(PackedValues.MIXED, 1, 2L, "three", 4.0, null, true, List.of(5, 6), 'c', (short) 7, 8.5f);
        assertRoundTrip(PackedValues.MIXED, null, null);
        assertRoundTrip(PackedValues.MIXED, 1, null, 3); // a null among ints: the whole chunk falls back
        assertRoundTrip(PackedValues.MIXED, new Point(1, 2), new Point(3, 4));
        assertRoundTrip(PackedValues.MIXED, new int[] {1, 2}, new int[] {3}); // arrays compared below
    }

    @Test
    void valuesEncodedAsTheirTaskReturnsReadBackAsTheValues() {
        java.util.HashMap<String, Integer> counts = new java.util.HashMap<>();
        counts.put("word", 3);
        counts.put("other", 1);
        Object[] values = {counts, 7, null, "eight", new Point(1, 2), List.of(9)};
        Object[] early = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            early[i] = PackedValues.encodeEarly(values[i]);
        }
        assertTrue(early[0] instanceof PackedValues.Encoded, "a map is held as its bytes");
        assertEquals(7, early[1]); // packed kinds and fixed-size values stay as they are
        assertNull(early[2]);
        assertEquals("eight", early[3]);
        FrameBuilder sink = new FrameBuilder(16);
        PackedValues.write(sink, early, early.length);
        assertEquals(PackedValues.MIXED, sink.array()[0]);
        assertEquals(Arrays.asList(values), unpack(sink));
    }

    @Test
    void aValueThatCannotBeEncodedEarlyStaysAsItIsAndIsReportedByWrite() {
        Object unserializable = new Object();
        assertTrue(PackedValues.encodeEarly(unserializable) == unserializable);
        Object[] values = {PackedValues.encodeEarly(List.of(1)), unserializable};
        PackedValues.IndexedSerializationException e = assertThrows(PackedValues.IndexedSerializationException.class,
                () -> PackedValues.write(new FrameBuilder(16), values, 2));
        assertEquals(1, e.index);
    }

    @Test
    void anEmptyBlockRoundTrips() {
        FrameBuilder sink = new FrameBuilder(16);
        PackedValues.write(sink, new Object[0], 0);
        assertEquals(List.of(), unpack(sink));
    }

    @Test
    void onlyTheFirstCountValuesArePacked() {
        Object[] values = {1, 2, "not read"};
        FrameBuilder sink = new FrameBuilder(16);
        PackedValues.write(sink, values, 2);
        assertEquals(List.of(1, 2), unpack(sink));
    }

    @Test
    void anUnserializableValueIsReportedWithItsIndex() {
        Object[] values = {1, "two", new Object()};
        PackedValues.IndexedSerializationException e = assertThrows(PackedValues.IndexedSerializationException.class,
                () -> PackedValues.write(new FrameBuilder(16), values, 3));
        assertEquals(2, e.index);
        assertTrue(e.serializationCause().getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void aValueThatCannotBeDecodedFailsAloneAndTheReaderMovesOn() {
        FrameBuilder sink = new FrameBuilder(16);
        PackedValues.write(sink, new Object[] {"a", new byte[0], "c"}, 3); // MIXED
        byte[] bytes = sink.toByteArray();
        // corrupt the second value's type tag: 1 kind + 4 count + (4 + 2) "a" + 4 length
        int tagAt = 1 + 4 + 4 + 2 + 4;
        bytes[tagAt] = 99;
        PackedValues.Reader reader = new PackedValues.Reader(new FrameReader(bytes, "pool"));
        assertEquals("a", reader.next());
        assertThrows(SerializationException.class, reader::next);
        assertEquals("c", reader.next());
    }

    @Test
    void skipRestLeavesTheSourceAtTheEndOfTheBlock() {
        for (Object[] values : List.of(new Object[] {1, 2, 3}, new Object[] {1L, 2L}, new Object[] {1.0, 2.0},
                new Object[] {"a", "bc"}, new Object[] {1, "x", null})) {
            FrameBuilder sink = new FrameBuilder(16);
            PackedValues.write(sink, values, values.length);
            sink.putInt(0xCAFE);
            FrameReader in = new FrameReader(sink.toByteArray(), "pool");
            PackedValues.Reader reader = new PackedValues.Reader(in);
            reader.next();
            reader.skipRest();
            assertEquals(0xCAFE, in.getInt());
            assertFalse(in.hasMore());
        }
    }

    @Test
    void aCorruptHeaderIsRejected() {
        byte[] bytes = {42, 0, 0, 0, 1};
        assertThrows(IllegalStateException.class, () -> new PackedValues.Reader(new FrameReader(bytes, "pool")));
    }

    private static void assertRoundTrip(int kind, Object... values) {
        FrameBuilder sink = pack(values);
        assertEquals(kind, sink.array()[0]);
        List<Object> back = unpack(sink);
        assertEquals(values.length, back.size());
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof int[]) {
                assertArrayEquals((int[]) values[i], (int[]) back.get(i));
            } else if (values[i] == null) {
                assertNull(back.get(i));
            } else {
                assertEquals(values[i], back.get(i));
            }
        }
    }

    private static FrameBuilder pack(Object[] values) {
        FrameBuilder sink = new FrameBuilder(16);
        PackedValues.write(sink, values, values.length);
        return sink;
    }

    private static List<Object> unpack(FrameBuilder sink) {
        FrameReader in = new FrameReader(sink.toByteArray(), "pool");
        PackedValues.Reader reader = new PackedValues.Reader(in);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < reader.count(); i++) {
            values.add(reader.next());
        }
        assertFalse(in.hasMore());
        return values;
    }

    record Point(int x, int y) implements Serializable {
    }
}
