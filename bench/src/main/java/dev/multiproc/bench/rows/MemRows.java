package dev.multiproc.bench.rows;

import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.pool.Pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Memory of a pool, as CPython's section 10 measures it: the proportional set size (PSS, shared
 * pages divided among the processes that map them) of an idle Pool(2) worker half a second after
 * a small map, from {@code /proc/PID/smaps_rollup}; and the parent's own PSS growth for holding
 * the pool. Linux only: elsewhere the rows fail with a message.
 *
 * <p>A worker's PSS depends on how many other processes map the same files: the JDK's
 * {@code libjvm.so} and class-data archive are ~25 MB of clean pages shared with every JVM on the
 * machine that maps them, so the same jar read 20.9 MiB beside other JVMs and 26.8 MiB alone.
 * {@code mem.worker.private} reports the worker's private memory (USS) beside it, which only this
 * process's own pages make up: the figure a change to the worker moves.
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
                new SimpleRow("mem.worker.private", s -> "the same worker's private memory (USS: pages no other process maps)",
                        "MiB", null, Goal.reported(), s -> figures(s)[2]),
                new SimpleRow("mem.parent", s -> "the parent's PSS growth from before Pool(2) to its idle state after the map",
                        "MiB", null, Goal.reported(), s -> figures(s)[1]));
    }

    private static final Map<Scale, double[]> MEASURED = new ConcurrentHashMap<>();

    /** {worker PSS, parent growth, worker USS} in MiB, medians over the scale's repetitions; measured once per scale. */
    private static double[] figures(Scale scale) throws Exception {
        double[] known = MEASURED.get(scale);
        if (known != null) {
            return known;
        }
        int reps = scale.reps();
        double[] worker = new double[reps];
        double[] parent = new double[reps];
        double[] workerPrivate = new double[reps];
        once(); // a first pool loads this JVM's pool classes, which a user's second pool would find loaded
        for (int r = 0; r < reps; r++) {
            double[] sample = once();
            worker[r] = sample[0];
            parent[r] = sample[1];
            workerPrivate[r] = sample[2];
        }
        double[] figures = {Measure.median(worker), Measure.median(parent), Measure.median(workerPrivate)};
        MEASURED.put(scale, figures);
        return figures;
    }

    private static double[] once() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        double parentBefore = pssMiB(self.pid());
        try (Pool pool = new Pool(2)) {
            pool.map(PoolRows::square, IntStream.range(0, 8).boxed().toList());
            TimeUnit.MILLISECONDS.sleep(IDLE_MILLIS); // idle, as CPython's row measures it: nothing waits on this
            // the pool's own pids: the child that writes a new jar's class-data archive runs beside
            // the first pools and is no worker
            List<Long> workers = pool.workerPids();
            if (workers.size() != 2) {
                throw new IllegalStateException("expected 2 worker processes, found " + workers);
            }
            double pss = workers.stream().mapToDouble(MemRows::pssMiB).average().orElseThrow();
            double uss = workers.stream().mapToDouble(MemRows::privateMiB).average().orElseThrow();
            return new double[] {pss, pssMiB(self.pid()) - parentBefore, uss};
        }
    }

    /** The process's PSS from {@code /proc/PID/smaps_rollup}, in MiB. */
    static double pssMiB(long pid) {
        return rollupMiB(pid, "Pss:");
    }

    /** The process's private memory (USS: its private clean and private dirty pages), in MiB. */
    static double privateMiB(long pid) {
        return rollupMiB(pid, "Private_Clean:") + rollupMiB(pid, "Private_Dirty:");
    }

    /** One field of {@code /proc/PID/smaps_rollup} (e.g. {@code "Pss:"}), in MiB. */
    private static double rollupMiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory of process " + pid + " (Linux only): " + e, e);
        }
        throw new IllegalStateException("no " + field + " line in /proc/" + pid + "/smaps_rollup");
    }
}
