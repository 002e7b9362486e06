package dev.multiproc.bench.rows;

import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.cluster.ClusterImapIterator;
import dev.multiproc.cluster.ClusterPool;
import dev.multiproc.cluster.LocalCluster;
import dev.multiproc.pool.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The cluster rows: a {@link ClusterPool} on 3 members started on this machine (1 child JVM
 * each), once for all rows of a run. No CPython counterpart: the figures are reported, with the
 * comparisons the issue asks for as rows of their own (a bare Hazelcast submit, a map of one task
 * per submit, the local pool).
 */
public final class ClusterRows {
    private static LocalCluster cluster;
    private static ClusterPool pool;

    private ClusterRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("cluster.apply", s -> "ClusterPool.apply(x*x) round trip on 3 local members, " + s.n(1000)
                        + " sequential calls, median", "ms/call", null, Goal.reported(), ClusterRows::apply),
                new SimpleRow("cluster.apply.bare", s -> "a bare Hazelcast IExecutorService submitToMember/get of a task"
                        + " that checks one MAC, the same cluster, " + s.n(1000) + " sequential calls, median", "ms/call",
                        null, Goal.reported(), ClusterRows::bareSubmit),
                new SimpleRow("cluster.map", s -> "ClusterPool.map(x*x) " + String.format("%,d", s.n(200_000))
                        + " ints, default chunksize, 3 local members", "tasks/s", null, Goal.reported(),
                        s -> map(s, s.n(200_000), 0)),
                new SimpleRow("cluster.map.naive", s -> "ClusterPool.map(x*x) " + String.format("%,d", s.n(5_000))
                        + " ints, one task per submit (chunksize 1)", "tasks/s", null, Goal.reported(),
                        s -> map(s, s.n(5_000), 1)),
                new SimpleRow("cluster.cpu", s -> "primes < " + String.format("%,d", s.n(1_000_000))
                        + ", 16 chunks, 3 members of 1 process vs a local Pool(1), speed-up", "x", null, Goal.reported(),
                        ClusterRows::cpu),
                new SimpleRow("cluster.memberloss", s -> "a 200-chunk map with one member killed (SIGKILL) at 50%, wall"
                        + " time vs the same map without; lost = 0 and duplicates = 0 checked", "x", null,
                        Goal.reported(), ClusterRows::memberLoss));
    }

    private static synchronized ClusterPool pool() {
        if (pool == null) {
            cluster = LocalCluster.start(3, 1);
            pool = new ClusterPool(cluster.config());
            // the rows share the cluster; it goes when the harness's thread is done with every row
            // (the Hazelcast client's threads would otherwise keep the JVM alive)
            Thread harness = Thread.currentThread();
            Thread closer = new Thread(() -> {
                try {
                    harness.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                pool.terminate();
                cluster.close();
            }, "bench-cluster-close");
            closer.setDaemon(true);
            closer.start();
            pool.map(PoolRows::square, IntStream.range(0, 100).boxed().toList(), 1); // each member's child JVM starts
        }
        return pool;
    }

    private static double apply(Scale scale) throws Exception {
        ClusterPool p = pool();
        int n = scale.n(1000);
        return Measure.median(scale, () -> {
            double[] millis = new double[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                p.apply(PoolRows::square, i);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            return Measure.median(millis);
        });
    }

    private static double bareSubmit(Scale scale) throws Exception {
        pool();
        try (BareSubmit bare = new BareSubmit(cluster.config())) {
            int n = scale.n(1000);
            return Measure.median(scale, () -> {
                double[] millis = new double[n];
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    bare.roundTrip();
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
                return Measure.median(millis);
            });
        }
    }

    private static double map(Scale scale, int n, int chunksize) throws Exception {
        ClusterPool p = pool();
        List<Integer> items = IntStream.range(0, n).boxed().toList();
        return Measure.median(scale, () -> {
            long start = System.nanoTime();
            List<Integer> out = p.map(PoolRows::square, items, chunksize);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (out.get(n - 1) != (n - 1) * (n - 1)) {
                throw new IllegalStateException("wrong result " + out.get(n - 1));
            }
            return n / seconds;
        });
    }

    private static List<long[]> ranges(long limit, int chunks) {
        long step = (limit + chunks - 1) / chunks;
        List<long[]> ranges = new ArrayList<>();
        for (long i = 0; i < limit; i += step) {
            ranges.add(new long[] {i, Math.min(i + step, limit)});
        }
        return ranges;
    }

    private static double cpu(Scale scale) throws Exception {
        ClusterPool p = pool();
        List<long[]> ranges = ranges(scale.n(1_000_000), 16);
        try (Pool local = PoolRows.readyPool(1)) {
            return Measure.median(scale, () -> {
                long start = System.nanoTime();
                long alone = local.map(CpuScaling::countPrimes, ranges, 1).stream().mapToLong(Long::longValue).sum();
                double one = System.nanoTime() - start;
                start = System.nanoTime();
                long spread = p.map(CpuScaling::countPrimes, ranges, 1).stream().mapToLong(Long::longValue).sum();
                double three = System.nanoTime() - start;
                if (alone != spread) {
                    throw new IllegalStateException("the cluster counted " + spread + " primes, Pool(1) " + alone);
                }
                return one / three;
            });
        }
    }

    /** Spins a little: a chunk of the member-loss map, long enough that the kill lands mid-map. */
    static int spin(int x) {
        long h = x;
        for (int i = 0; i < 300_000; i++) {
            h = h * 31 + i;
        }
        return h == 42 ? -1 : x;
    }

    private static double memberLoss(Scale scale) throws Exception {
        ClusterPool p = pool();
        int chunks = 200;
        double without = lossRun(p, chunks, -1);
        double with = lossRun(p, chunks, chunks / 2);
        cluster.replace(1);
        return with / without;
    }

    /** Wall time of the map in ms, killing member 1 once {@code killAt} results are in (never when negative). */
    private static double lossRun(ClusterPool p, int chunks, int killAt) {
        List<Integer> items = IntStream.range(0, chunks).boxed().toList();
        boolean[] seen = new boolean[chunks];
        int count = 0;
        long start = System.nanoTime();
        try (ClusterImapIterator<Integer> it = p.imapUnordered(ClusterRows::spin, items, 1)) {
            while (it.hasNext()) {
                int x = it.next();
                if (seen[x]) {
                    throw new IllegalStateException("result " + x + " delivered twice");
                }
                seen[x] = true;
                if (++count == killAt) {
                    cluster.kill(1);
                }
            }
        }
        if (count != chunks) {
            throw new IllegalStateException((chunks - count) + " results lost");
        }
        return Measure.millisSince(start);
    }
}
