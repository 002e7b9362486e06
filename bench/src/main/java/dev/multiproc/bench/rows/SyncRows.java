package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.shared.SharedMemory;
import dev.multiproc.sync.ProcessBarrier;
import dev.multiproc.sync.ProcessLock;
import dev.multiproc.sync.ProcessSemaphore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Locks, shared values and shared memory: CPython's sections 6, 7 and 9. Two-process rows time
 * as CPython's {@code run_procs} does: from the release of a start barrier to the latest end time
 * a worker reports ({@code System.nanoTime} is CLOCK_MONOTONIC, comparable across processes).
 */
public final class SyncRows {
    private SyncRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("lock.uncontended", s -> "ProcessLock lock+unlock, uncontended, 1 process, "
                        + String.format("%,d", s.n(500_000)), "ops/s", "6.0", Goal.atLeast(1), SyncRows::uncontended),
                new SimpleRow("lock.contended", s -> "ProcessLock contended, 2 procs x " + String.format("%,d", s.n(100_000))
                        + " lock/increment/unlock, exact count checked (workers warmed)", "ops/s", "6.2", Goal.atLeast(3), SyncRows::contended),
                new SimpleRow("value.atomic", s -> "SharedInt.incrementAndGet, 2 procs x " + String.format("%,d", s.n(100_000))
                        + " vs CPython Value += 1 under get_lock() (workers warmed)", "ops/s", "7.0", Goal.atLeast(10), SyncRows::atomic),
                new SimpleRow("shm.read", s -> "SharedMemory " + s.n(256) + " MiB read in place in a child (CPython: bytes copy)",
                        "GB/s", "9.5", Goal.atLeast(2), SyncRows::shmRead),
                new SimpleRow("lock.handoff", s -> "hand-off between 2 processes (semaphore ping-pong, RTT/2), median",
                        "us", null, Goal.reported(), SyncRows::handoff));
    }

    static double uncontended(Scale scale) throws Exception {
        int n = scale.n(500_000);
        try (ProcessLock lock = new ProcessLock()) {
            return Measure.median(scale, () -> {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    lock.lock();
                    lock.unlock();
                }
                return n / ((System.nanoTime() - start) / 1e9);
            });
        }
    }

    /** Runs {@code workers} after a common start barrier; returns seconds from release to the last end. */
    static double runTogether(List<ChildProcess> workers, ProcessBarrier start, SharedLongArray ends) throws Exception {
        workers.forEach(ChildProcess::start);
        start.await();
        long released = System.nanoTime();
        for (ChildProcess w : workers) {
            w.join();
            if (w.exitCode() != 0) {
                throw new IllegalStateException(w + " failed", w.exception());
            }
        }
        long last = 0;
        for (int i = 0; i < workers.size(); i++) {
            last = Math.max(last, ends.get(i));
        }
        return (last - released) / 1e9;
    }

    /**
     * Runs the loop on private objects before the start barrier, so the timed loop runs compiled:
     * JVM workers are long-lived in real use (pools), and CPython has no JIT to warm. Many short
     * calls, so that the JIT compiles the loop's method itself (C2 wants 600+ calls), not only the
     * running loop: one call of 20,000 iterations left the timed loop in profiled C1 code, with C2
     * compiling in the middle of it (2.7-3.0M ops/s against 5.7-6.8M warm).
     */
    static final int WARM_UP_CALLS = 1_000;
    static final int WARM_UP_EACH = 200;

    static void warmUp(ProcessLock lock, SharedInt counter) {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            lockLoop(lock, counter, WARM_UP_EACH);
        }
    }

    static void warmUp(SharedInt counter) {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            atomicLoop(counter, WARM_UP_EACH);
        }
    }

    static void lockLoop(ProcessLock lock, SharedInt counter, int n) {
        for (int i = 0; i < n; i++) {
            lock.lock();
            counter.set(counter.get() + 1);
            lock.unlock();
        }
    }

    static void atomicLoop(SharedInt counter, int n) {
        for (int i = 0; i < n; i++) {
            counter.incrementAndGet();
        }
    }

    static void lockWorker(ProcessLock lock, SharedInt counter, ProcessBarrier start, SharedLongArray ends, int index, int n)
            throws InterruptedException {
        try (ProcessLock own = new ProcessLock(); SharedInt scratch = SharedInt.raw(0)) {
            warmUp(own, scratch);
        }
        start.await();
        lockLoop(lock, counter, n);
        ends.set(index, System.nanoTime());
    }

    static void atomicWorker(SharedInt counter, ProcessBarrier start, SharedLongArray ends, int index, int n)
            throws InterruptedException {
        try (SharedInt scratch = SharedInt.raw(0)) {
            warmUp(scratch);
        }
        start.await();
        atomicLoop(counter, n);
        ends.set(index, System.nanoTime());
    }

    static double contended(Scale scale) throws Exception {
        int n = scale.n(100_000);
        return Measure.median(scale, () -> {
            try (ProcessLock lock = new ProcessLock(); SharedInt counter = SharedInt.raw(0);
                 ProcessBarrier start = new ProcessBarrier(3); SharedLongArray ends = SharedLongArray.raw(2)) {
                List<ChildProcess> workers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int index = i;
                    workers.add(new ChildProcess(() -> call(() -> lockWorker(lock, counter, start, ends, index, n))));
                }
                double seconds = runTogether(workers, start, ends);
                check(counter.get(), 2 * n);
                return 2 * n / seconds;
            }
        });
    }

    static double atomic(Scale scale) throws Exception {
        int n = scale.n(100_000);
        return Measure.median(scale, () -> {
            try (SharedInt counter = SharedInt.raw(0); ProcessBarrier start = new ProcessBarrier(3);
                 SharedLongArray ends = SharedLongArray.raw(2)) {
                List<ChildProcess> workers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int index = i;
                    workers.add(new ChildProcess(() -> call(() -> atomicWorker(counter, start, ends, index, n))));
                }
                double seconds = runTogether(workers, start, ends);
                check(counter.get(), 2 * n);
                return 2 * n / seconds;
            }
        });
    }

    static void check(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("lost updates: counted " + actual + ", expected " + expected);
        }
    }

    static double shmRead(Scale scale) throws Exception {
        int mib = scale.n(256);
        long size = (long) mib << 20;
        return Measure.median(scale, () -> {
            SharedMemory block = SharedMemory.create(size);
            try (SharedLongArray result = SharedLongArray.raw(2)) {
                ByteBuffer buffer = block.buffer();
                byte[] pattern = new byte[1 << 20];
                Arrays.fill(pattern, (byte) 0xAB);
                while (buffer.hasRemaining()) {
                    buffer.put(pattern, 0, Math.min(pattern.length, buffer.remaining()));
                }
                String name = block.name();
                ChildProcess reader = new ChildProcess(() -> readInChild(name, result));
                reader.start();
                reader.join();
                if (reader.exitCode() != 0 || result.get(1) != 1) {
                    throw new IllegalStateException("the child did not read the block back: " + reader);
                }
                return size / (result.get(0) / 1e9) / 1e9;
            } finally {
                block.close();
                block.unlink();
            }
        });
    }

    /**
     * In the child: attach and read every byte of the block, 8 at a time, checking the pattern;
     * report the read time. The words are taken 64 KiB at a time with the buffer's bulk get (a
     * copy at memory speed, then a loop over a heap array), the idiomatic fast read of a
     * {@code ByteBuffer}: word by word through {@code LongBuffer.get()} ran at 1.9-2.7 GB/s here,
     * in slices 2.6-2.9 GB/s. Of ~95 ms for 256 MiB, ~45 ms are the page faults that map the block
     * into the child, whatever the loop. CPython copies the block into a {@code bytes} object.
     */
    static void readInChild(String name, SharedLongArray result) {
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
            result.set(0, nanos);
            result.set(1, mismatches == 0 ? 1 : 0);
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

    static double handoff(Scale scale) throws Exception {
        int n = scale.n(20_000);
        return Measure.median(scale, () -> {
            try (ProcessSemaphore ping = new ProcessSemaphore(0); ProcessSemaphore pong = new ProcessSemaphore(0)) {
                ChildProcess echo = new ChildProcess(() -> call(() -> {
                    for (int i = 0; i < n; i++) {
                        ping.acquire();
                        pong.release();
                    }
                }));
                echo.start();
                double[] micros = new double[n];
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    ping.release();
                    pong.acquire();
                    micros[i] = (System.nanoTime() - start) / 2e3;
                }
                echo.join();
                return Measure.median(micros);
            }
        });
    }

    /** Work that may be interrupted, as a plain runnable body. */
    interface Interruptible {
        void run() throws InterruptedException;
    }

    static void call(Interruptible body) {
        try {
            body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
