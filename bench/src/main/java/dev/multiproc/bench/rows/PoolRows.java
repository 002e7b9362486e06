package dev.multiproc.bench.rows;

import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.pool.Pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/** Pool(2) rows: CPython's sections 2, 3, 8 and 10, same workloads and sizes. */
public final class PoolRows {
    private PoolRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("pool.startup", s -> "Pool(2) create + first apply + close vs spawn", "ms", "10.1",
                        Goal.atMost(1.25), PoolRows::startup),
                new SimpleRow("pool.startup.forkserver", s -> "the same figure vs forkserver (3.14's default on Linux)", "ms", "10.2",
                        Goal.reported(), PoolRows::startup),
                new SimpleRow("pool.startup.fork", s -> "the same figure vs fork", "ms", "10.0",
                        Goal.reported(), PoolRows::startup),
                new SimpleRow("pool.map", s -> "Pool(2).map(x*x) " + String.format("%,d", s.n(200_000)) + " ints, default chunksize, warm pool",
                        "tasks/s", "2.0", Goal.atLeast(1.5), s -> map(s, s.n(200_000), 0, WARM_UP_NANOS)),
                new SimpleRow("pool.map.cold", s -> "Pool(2).map(x*x) " + String.format("%,d", s.n(200_000))
                        + " ints, default chunksize, a fresh pool's 2nd-4th maps", "tasks/s", "2.0", Goal.reported(),
                        s -> map(s, s.n(200_000), 0, 0)),
                new SimpleRow("pool.map1", s -> "Pool(2).map(x*x) " + String.format("%,d", s.n(20_000)) + " ints, chunksize=1",
                        "tasks/s", "2.1", Goal.atLeast(3), s -> map(s, s.n(20_000), 1, 0)),
                new SimpleRow("pool.apply", s -> "Pool(2).apply(x*x) round trip, " + s.n(2000) + " sequential calls, median",
                        "us/call", "3.0", Goal.atMost(0.5), s -> apply(s, 0.5)),
                new SimpleRow("pool.apply.p99", s -> "Pool(2).apply(x*x) round trip, " + s.n(2000) + " sequential calls, p99",
                        "us/call", "3.1", Goal.reported(), s -> apply(s, 0.99)),
                new SimpleRow("cpu.speedup", s -> "primes < " + String.format("%,d", s.n(1_000_000))
                        + ", 16 chunks, Pool(2) vs Pool(1) speed-up; CPython column: the machine's calibration",
                        "x", "8.4", Goal.atLeast(0.95), s -> CpuScaling.of(s).speedup()),
                new SimpleRow("cpu.calibration", s -> "2 busy loops vs 1 on Pool(2), CPython's method, measured in the same"
                        + " interleaved loop as cpu.speedup; CPython column: its own calibration", "x", "8.4",
                        Goal.reported(), s -> CpuScaling.of(s).calibration()),
                new SimpleRow("cpu.ceiling", s -> "the most Pool(2) can reach over Pool(1) with cpu.speedup's 16 chunks handed"
                        + " out in order: Pool(1)'s measured chunk times replayed on 2 workers; CPython column: its calibration",
                        "x", "8.4", Goal.reported(), s -> CpuScaling.of(s).ceiling()),
                new SimpleRow("cpu.threads", s -> "cpu.speedup's 16 chunks on 2 threads of one JVM vs 1 thread, in the same loop;"
                        + " CPython column: its calibration", "x", "8.4", Goal.reported(), s -> CpuScaling.of(s).threads()));
    }

    static int square(int x) {
        return x * x;
    }

    static Pool readyPool(int processes) throws InterruptedException {
        Pool pool = new Pool(processes);
        if (!pool.awaitReady(Duration.ofMinutes(2))) {
            pool.terminate();
            throw new IllegalStateException("Pool(" + processes + ") workers did not start within 2 minutes");
        }
        return pool;
    }

    /** pool.startup's median at a scale: its three rows compare one measurement with three start methods. */
    private static final Map<Scale, Double> STARTUP = new ConcurrentHashMap<>();

    static double startup(Scale scale) throws Exception {
        Double known = STARTUP.get(scale);
        if (known != null) {
            return known;
        }
        double median = Measure.median(scale, () -> {
            long start = System.nanoTime();
            try (Pool pool = new Pool(2)) {
                pool.apply(PoolRows::square, 3);
            }
            return Measure.millisSince(start);
        });
        STARTUP.put(scale, median);
        return median;
    }

    /**
     * How long {@code pool.map} maps before it measures. A pool is long-lived, and a JVM's
     * throughput is judged once its compilers have caught up (as JMH does): on 2 cores busy with
     * the workers, this JVM's C2 compiles the pool's dispatch and result paths seconds after
     * they start running, and a fresh pool's 2nd-4th maps run at a third of its warm speed.
     * {@code pool.map.cold} reports those.
     */
    static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final int WARM_REPS = 15;

    static double map(Scale scale, int n, int chunksize, long warmUpNanos) throws Exception {
        List<Integer> items = IntStream.range(0, n).boxed().toList();
        try (Pool pool = readyPool(2)) {
            long warmUntil = System.nanoTime() + warmUpNanos;
            while (System.nanoTime() < warmUntil) {
                pool.map(PoolRows::square, items, chunksize);
            }
            // a warm map of 200,000 ints takes ~7 ms, so a host stall of a few tens of ms in two of
            // three maps decided a full run (4.8M tasks/s, 1.43x, where --only runs read 14-34M):
            // warm, the median is taken over 15 maps, still a tenth of a second
            int reps = warmUpNanos > 0 ? Math.max(WARM_REPS, scale.reps()) : scale.reps();
            return Measure.median(reps, () -> {
                long start = System.nanoTime();
                List<Integer> out = pool.map(PoolRows::square, items, chunksize);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (out.get(n - 1) != (n - 1) * (n - 1)) {
                    throw new IllegalStateException("wrong result " + out.get(n - 1));
                }
                return n / seconds;
            });
        }
    }

    static double apply(Scale scale, double quantile) throws Exception {
        int n = scale.n(2000);
        try (Pool pool = readyPool(2)) {
            return Measure.median(scale, () -> {
                double[] micros = new double[n];
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    pool.apply(PoolRows::square, i);
                    micros[i] = (System.nanoTime() - start) / 1e3;
                }
                return Measure.quantile(micros, quantile);
            });
        }
    }
}
