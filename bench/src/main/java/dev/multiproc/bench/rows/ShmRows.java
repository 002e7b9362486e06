package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.shared.SharedMemory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * SharedMemory: CPython's section 9, the same cycle per repetition: the parent creates a block and
 * fills it from a pattern (first touch), a child attaches by name and reads it all back.
 */
public final class ShmRows {
    private ShmRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("shm.read", s -> "SharedMemory " + s.n(256) + " MiB read in place in a child (CPython: bytes copy)",
                        "GB/s", "9.5", Goal.atLeast(2), s -> median(s, Cycle::readGBps)),
                new SimpleRow("shm.create", s -> "SharedMemory(" + s.n(256) + " MiB) create, in the parent",
                        "ms", "9.0", Goal.reported(), s -> median(s, Cycle::createMillis)),
                new SimpleRow("shm.write", s -> "SharedMemory " + s.n(256) + " MiB written from a byte[] pattern, first touch, in the parent",
                        "GB/s", "9.2", Goal.reported(), s -> median(s, Cycle::writeGBps)),
                new SimpleRow("shm.attach", s -> "SharedMemory attach by name, in a child", "ms", "9.3", Goal.reported(),
                        s -> median(s, Cycle::attachMillis)));
    }

    /** What one create-write-attach-read cycle measured. */
    record Cycle(double createMillis, double writeGBps, double attachMillis, double readGBps) {
    }

    private static double median(Scale scale, ToDoubleFunction<Cycle> metric) throws Exception {
        return Measure.median(scale, () -> metric.applyAsDouble(cycle(scale)));
    }

    static Cycle cycle(Scale scale) throws Exception {
        long size = (long) scale.n(256) << 20;
        long created = System.nanoTime();
        SharedMemory block = SharedMemory.create(size);
        long written = System.nanoTime();
        try (SharedLongArray result = SharedLongArray.raw(3)) {
            ByteBuffer buffer = block.buffer();
            byte[] pattern = new byte[1 << 20];
            Arrays.fill(pattern, (byte) 0xAB);
            while (buffer.hasRemaining()) {
                buffer.put(pattern, 0, Math.min(pattern.length, buffer.remaining()));
            }
            long writeEnd = System.nanoTime();
            String name = block.name();
            ChildProcess reader = new ChildProcess(() -> readInChild(name, result));
            reader.start();
            reader.join();
            if (reader.exitCode() != 0 || result.get(2) != 1) {
                throw new IllegalStateException("the child did not read the block back: " + reader);
            }
            return new Cycle((written - created) / 1e6, size / ((writeEnd - written) / 1e9) / 1e9,
                    result.get(0) / 1e6, size / (result.get(1) / 1e9) / 1e9);
        } finally {
            block.close();
            block.unlink();
        }
    }

    /**
     * In the child: attach, then read every byte of the block, 8 at a time, checking the pattern;
     * report the attach and read times. The words are taken 64 KiB at a time with the buffer's
     * bulk get (a copy at memory speed, then a loop over a heap array), the idiomatic fast read of
     * a {@code ByteBuffer}: word by word through {@code LongBuffer.get()} ran at 1.9-2.7 GB/s
     * here, in slices 2.6-3.6 GB/s. Of ~95 ms for 256 MiB, ~45 ms are the page faults that map
     * the block into the child, whatever the loop. CPython copies the block into a {@code bytes}
     * object.
     */
    static void readInChild(String name, SharedLongArray result) {
        long attachStart = System.nanoTime();
        try (SharedMemory block = SharedMemory.attach(name)) {
            long start = System.nanoTime();
            java.nio.LongBuffer words = block.buffer().asLongBuffer();
            long[] slice = new long[8192];
            long mismatches = 0;
            while (words.hasRemaining()) {
                int count = Math.min(slice.length, words.remaining());
                words.get(slice, 0, count);
                mismatches += mismatches(slice, count);
            }
            long nanos = System.nanoTime() - start;
            result.set(0, start - attachStart);
            result.set(1, nanos);
            result.set(2, mismatches == 0 ? 1 : 0);
        }
    }

    private static long mismatches(long[] words, int count) {
        long expected = 0xABABABABABABABABL;
        long mismatches = 0;
        for (int i = 0; i < count; i++) {
            if (words[i] != expected) {
                mismatches++;
            }
        }
        return mismatches;
    }
}
