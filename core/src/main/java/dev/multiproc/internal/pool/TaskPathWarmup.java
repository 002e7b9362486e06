package dev.multiproc.internal.pool;

import java.util.Map;
import java.util.function.Function;

/**
 * Runs synthetic chunks through a new worker's task path (unpacking the arguments, one call per
 * task, packing the results) while the worker connects, so that the JIT has compiled that path
 * before the first real chunk arrives.
 *
 * <p>Why: a fresh JVM interprets a method until it has been called a few hundred times and a loop
 * until it has turned tens of thousands of times. A map of small tasks on new workers ran its
 * first chunks interpreted: warm, a 200,000-int map took 15-30 ms, its first runs on new workers
 * several times that. About 20,000 synthetic tasks of an identity function take a few tens of
 * milliseconds of one core, once per worker, overlapped with the connection and handshake.
 */
final class TaskPathWarmup implements Runnable {
    private static final int CHUNKS = 300;
    private static final int TASKS_PER_CHUNK = 64;
    /** The warm-up is an optimisation: a worker never waits for it for long. */
    private static final long MAX_WAIT_MILLIS = 2_000;

    private TaskPathWarmup() {
    }

    static Thread start() {
        Thread thread = new Thread(new TaskPathWarmup(), "multiproc-worker-warmup");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits (briefly at most) for the warm-up before the worker says it is ready. */
    static void await(Thread warmup) {
        try {
            warmup.join(MAX_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        // Three functions of different classes and result types, and arguments over the whole int
        // range: the JIT then compiles the call to the task's function as a virtual call and the
        // boxing of large values, instead of code that only knows one function and cached small
        // Integers, which the first real chunk would throw away (a deoptimization and a second
        // compilation, measured at ~50 ms of a worker's CPU in its first maps).
        Function<Object, Object> identity = x -> x;
        Function<Object, Object> scale = x -> (Integer) x * 3 + 1;
        Function<Object, Object> widen = x -> (long) (Integer) x << 1;
        Map<Long, Object> functions = Map.of(0L, identity, 1L, scale, 2L, widen);
        Object[] arguments = new Object[TASKS_PER_CHUNK];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = i * 0x9E3779B1; // spread over the int range, both signs
        }
        Wire.Sink frame = new Wire.Sink(16 + 5 * TASKS_PER_CHUNK);
        Wire.Sink out = new Wire.Sink(64 * 1024);
        try {
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                frame.reset();
                frame.putLong(chunk).putLong(chunk % functions.size());
                PackedValues.write(frame, arguments, arguments.length);
                WorkerLoop.runChunk(new Wire.Source(frame.array(), 0, frame.size()), functions, out, null);
            }
        } catch (RuntimeException | Error ignored) {
            // only an optimisation
        }
    }
}
