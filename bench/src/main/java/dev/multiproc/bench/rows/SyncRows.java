package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.sync.ProcessBarrier;
import dev.multiproc.sync.ProcessLock;
import dev.multiproc.sync.ProcessSemaphore;

import java.util.ArrayList;
import java.util.List;

/**
 * Locks and shared values: CPython's sections 6 and 7. Two-process rows time
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

    /**
     * Starts {@code workers}, which meet at a barrier of their own and then record their start and
     * end in {@code times} (slots 2i and 2i+1); returns seconds from the first start to the last end.
     * The clock is read by the workers, not the parent: 200,000 atomic increments take about as long
     * as the parent's wake-up from a barrier, and timing from that wake-up once gave a negative span.
     */
    static double runTogether(List<ChildProcess> workers, SharedLongArray times) throws Exception {
        workers.forEach(ChildProcess::start);
        for (ChildProcess w : workers) {
            w.join();
            if (w.exitCode() != 0) {
                throw new IllegalStateException(w + " failed", w.exception());
            }
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < workers.size(); i++) {
            first = Math.min(first, times.get(2 * i));
            last = Math.max(last, times.get(2 * i + 1));
        }
        if (last <= first) {
            throw new IllegalStateException("workers recorded no span: first start " + first + ", last end " + last);
        }
        return (last - first) / 1e9;
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

    static void lockWorker(ProcessLock lock, SharedInt counter, ProcessBarrier start, SharedLongArray times, int index, int n)
            throws InterruptedException {
        try (ProcessLock own = new ProcessLock(); SharedInt scratch = SharedInt.raw(0)) {
            warmUp(own, scratch);
        }
        start.await();
        times.set(2 * index, System.nanoTime());
        lockLoop(lock, counter, n);
        times.set(2 * index + 1, System.nanoTime());
    }

    static void atomicWorker(SharedInt counter, ProcessBarrier start, SharedLongArray times, int index, int n)
            throws InterruptedException {
        try (SharedInt scratch = SharedInt.raw(0)) {
            warmUp(scratch);
        }
        start.await();
        times.set(2 * index, System.nanoTime());
        atomicLoop(counter, n);
        times.set(2 * index + 1, System.nanoTime());
    }

    static double contended(Scale scale) throws Exception {
        int n = scale.n(100_000);
        return Measure.median(scale, () -> {
            try (ProcessLock lock = new ProcessLock(); SharedInt counter = SharedInt.raw(0);
                 ProcessBarrier start = new ProcessBarrier(2); SharedLongArray times = SharedLongArray.raw(4)) {
                List<ChildProcess> workers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int index = i;
                    workers.add(new ChildProcess(() -> call(() -> lockWorker(lock, counter, start, times, index, n))));
                }
                double seconds = runTogether(workers, times);
                check(counter.get(), 2 * n);
                return 2 * n / seconds;
            }
        });
    }

    static double atomic(Scale scale) throws Exception {
        int n = scale.n(100_000);
        return Measure.median(scale, () -> {
            try (SharedInt counter = SharedInt.raw(0); ProcessBarrier start = new ProcessBarrier(2);
                 SharedLongArray times = SharedLongArray.raw(4)) {
                List<ChildProcess> workers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int index = i;
                    workers.add(new ChildProcess(() -> call(() -> atomicWorker(counter, start, times, index, n))));
                }
                double seconds = runTogether(workers, times);
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
