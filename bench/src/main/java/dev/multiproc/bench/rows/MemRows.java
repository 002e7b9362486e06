package dev.multiproc.bench.rows;

import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.pool.Pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Memory of a pool, as CPython's section 10 measures it: the proportional set size (PSS, shared
 * pages divided among the processes that map them) of an idle Pool(2) worker half a second after
 * a small map, from {@code /proc/PID/smaps_rollup}; and the parent's own PSS growth for holding
 * the pool. Linux only: elsewhere the rows fail with a message.
 */
public final class MemRows {
    /** How long the pool idles before it is measured: CPython's section 10 waits as long. */
    private static final long IDLE_MILLIS = 500;

    private MemRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("mem.worker", s -> "idle Pool(2) worker PSS after a map of 8 ints vs spawn", "MiB", "10.4",
                        Goal.atMost(1.5), s -> figures(s)[0]),
                new SimpleRow("mem.worker.fork", s -> "the same figure vs fork", "MiB", "10.3", Goal.reported(), s -> figures(s)[0]),
                new SimpleRow("mem.worker.forkserver", s -> "the same figure vs forkserver", "MiB", "10.5", Goal.reported(),
                        s -> figures(s)[0]),
                new SimpleRow("mem.parent", s -> "the parent's PSS growth from before Pool(2) to its idle state after the map",
                        "MiB", null, Goal.reported(), s -> figures(s)[1]));
    }

    private static final Map<Scale, double[]> MEASURED = new ConcurrentHashMap<>();

    /** {worker PSS, parent growth} in MiB, medians over the scale's repetitions; measured once per scale. */
    private static double[] figures(Scale scale) throws Exception {
        double[] known = MEASURED.get(scale);
        if (known != null) {
            return known;
        }
        int reps = scale.reps();
        double[] worker = new double[reps];
        double[] parent = new double[reps];
        once(); // a first pool loads this JVM's pool classes, which a user's second pool would find loaded
        for (int r = 0; r < reps; r++) {
            double[] sample = once();
            worker[r] = sample[0];
            parent[r] = sample[1];
        }
        double[] figures = {Measure.median(worker), Measure.median(parent)};
        MEASURED.put(scale, figures);
        return figures;
    }

    private static double[] once() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Set<Long> before = descendants();
        double parentBefore = pssMiB(self.pid());
        try (Pool pool = new Pool(2)) {
            pool.map(PoolRows::square, IntStream.range(0, 8).boxed().toList());
            TimeUnit.MILLISECONDS.sleep(IDLE_MILLIS); // idle, as CPython's row measures it: nothing waits on this
            Set<Long> workers = descendants();
            workers.removeAll(before);
            if (workers.size() != 2) {
                throw new IllegalStateException("expected 2 new worker processes, found " + workers);
            }
            double[] pss = workers.stream().mapToDouble(MemRows::pssMiB).sorted().toArray();
            return new double[] {(pss[0] + pss[1]) / 2, pssMiB(self.pid()) - parentBefore};
        }
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toCollection(HashSet::new));
    }

    /** The process's PSS from {@code /proc/PID/smaps_rollup}, in MiB. */
    static double pssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the PSS of process " + pid + " (Linux only): " + e, e);
        }
        throw new IllegalStateException("no Pss line in /proc/" + pid + "/smaps_rollup");
    }
}
