package dev.multiproc.shared;

import dev.multiproc.ChildProcess;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestArray}: arrays from values and sizes, updated in a child, bounds, locks. */
class SharedArrayTest {

    @Test
    void slicesAreReadAndWrittenInBulkAndThroughBufferViewsByEveryArrayType() {
        try (SharedIntArray ints = new SharedIntArray(6); SharedLongArray longs = SharedLongArray.raw(6);
             SharedDoubleArray doubles = new SharedDoubleArray(6)) {
            ChildProcess child = new ChildProcess(() -> {
                // Python's a[1:4] = [...] in the child
                ints.write(1, new int[] {7, 8, 9});
                longs.write(1, new long[] {1L << 40, 2, 3});
                doubles.write(1, new double[] {0.5, 1.5, 2.5});
                ints.asIntBuffer().put(5, 42);
            });
            child.start();
            Processes.join(child);
            int[] slice = new int[3];
            ints.read(1, slice);
            assertArrayEquals(new int[] {7, 8, 9}, slice);
            assertArrayEquals(new int[] {0, 7, 8, 9, 0, 42}, ints.toArray());
            long[] longSlice = new long[2];
            longs.read(2, longSlice);
            assertArrayEquals(new long[] {2, 3}, longSlice);
            assertArrayEquals(new double[] {0, 0.5, 1.5, 2.5, 0, 0}, doubles.toArray());
            assertEquals(6, doubles.asDoubleBuffer().remaining());
            assertEquals(1L << 40, longs.asLongBuffer().get(1));
            doubles.asDoubleBuffer().put(0, -1.0);
            assertEquals(-1.0, doubles.get(0));

            assertThrows(IndexOutOfBoundsException.class, () -> ints.write(4, new int[3]));
            assertThrows(IndexOutOfBoundsException.class, () -> longs.read(-1, new long[1]));
            assertThrows(IndexOutOfBoundsException.class, () -> doubles.read(6, new double[1]));
        }
    }

    @Test
    void anArrayUpdatedInAChildShowsTheUpdates() {
        int[] seq = {680, 626, 934, 821, 150, 233, 548, 982, 714, 831};
        try (SharedIntArray arr = new SharedIntArray(seq); SharedIntArray raw = SharedIntArray.raw(seq)) {
            assertEquals(seq.length, arr.length());
            assertArrayEquals(seq, arr.toArray());
            assertEquals(seq[3], arr.get(3));
            ChildProcess child = new ChildProcess(() -> {
                // Python's f: a running sum in place
                for (int i = 1; i < arr.length(); i++) {
                    arr.set(i, arr.get(i) + arr.get(i - 1));
                    raw.set(i, raw.get(i) + raw.get(i - 1));
                }
            });
            child.start();
            Processes.join(child);
            int[] expected = seq.clone();
            for (int i = 1; i < expected.length; i++) {
                expected[i] += expected[i - 1];
            }
            assertArrayEquals(expected, arr.toArray());
            assertArrayEquals(expected, raw.toArray());
        }
    }

    @Test
    void arraysFromASizeAreZeroAndAtomicPerElement() {
        try (SharedLongArray longs = new SharedLongArray(5); SharedDoubleArray doubles = SharedDoubleArray.raw(3)) {
            assertArrayEquals(new long[5], longs.toArray());
            assertArrayEquals(new double[3], doubles.toArray());
            ChildProcess child = new ChildProcess(() -> {
                for (int n = 0; n < 10_000; n++) {
                    longs.incrementAndGet(n % 5);
                }
                doubles.addAndGet(2, 1.5);
            });
            child.start();
            for (int n = 0; n < 10_000; n++) {
                longs.addAndGet(n % 5, 1);
            }
            Processes.join(child);
            assertArrayEquals(new long[] {4000, 4000, 4000, 4000, 4000}, longs.toArray());
            assertEquals(1.5, doubles.get(2));
            assertTrue(longs.compareAndSet(0, 4000, -1));
            assertEquals(-1, longs.getAndAdd(0, 1));
        }
    }

    @Test
    void indexesOutsideTheArrayThrow() {
        try (SharedIntArray arr = SharedIntArray.raw(2); SharedByteArray bytes = SharedByteArray.raw(4)) {
            assertThrows(IndexOutOfBoundsException.class, () -> arr.get(2));
            assertThrows(IndexOutOfBoundsException.class, () -> arr.set(-1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> bytes.write(2, new byte[3]));
            assertThrows(IllegalArgumentException.class, () -> SharedIntArray.raw(-1));
        }
    }

    @Test
    void anEmptyArrayIsAllowed() {
        try (SharedLongArray empty = new SharedLongArray(0)) {
            assertEquals(0, empty.length());
            assertArrayEquals(new long[0], empty.toArray());
        }
    }

    @Test
    void aByteArrayCarriesBytesBothWays() {
        try (SharedByteArray bytes = new SharedByteArray(16)) {
            bytes.write(0, "parent".getBytes(StandardCharsets.US_ASCII));
            ChildProcess child = new ChildProcess(() -> {
                byte[] seen = new byte[6];
                bytes.read(0, seen);
                Processes.check(new String(seen, StandardCharsets.US_ASCII).equals("parent"), "child read wrong bytes");
                bytes.write(8, "child".getBytes(StandardCharsets.US_ASCII));
                bytes.set(15, (byte) 7);
            });
            child.start();
            Processes.join(child);
            assertEquals("child", new String(bytes.toArray(), 8, 5, StandardCharsets.US_ASCII));
            assertEquals(7, bytes.get(15));
            assertEquals(16, bytes.asByteBuffer().remaining());
        }
    }
}
