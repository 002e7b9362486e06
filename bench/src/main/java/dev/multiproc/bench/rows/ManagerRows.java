package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import dev.multiproc.manager.ManagedDict;
import dev.multiproc.manager.Manager;
import dev.multiproc.sync.ProcessBarrier;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Manager rows: CPython's section 12, the same workload (a new manager each run, a dict proxy used
 * by a new child: item sets, then item gets, timed in the child), and a two-process merge that
 * CPython's proxies cannot do atomically. Every row runs with the default settings: the manager
 * and the child are fresh JVMs, as {@code Manager.start()} and {@code new ChildProcess} make them.
 * As in lock.contended, the goal rows' child warms its loop first (the same puts and gets on
 * another dict, untimed), which warms the server's side too; the {@code .cold} rows report the
 * same without the warm-up, whose first thousands of calls run before the JIT compilers have
 * caught up.
 */
public final class ManagerRows {
    private static final int SET = 0;
    private static final int GET = 1;

    private ManagerRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("manager.dict.set", s -> "ManagedDict proxy in a child, " + String.format("%,d", s.n(20_000))
                        + " puts vs Manager().dict() item sets; fresh JVMs, child warmed", "ops/s", "12.0",
                        Goal.atLeast(3), s -> setGet(s, SET, true)),
                new SimpleRow("manager.dict.get", s -> "ManagedDict proxy in a child, " + String.format("%,d", s.n(20_000))
                        + " gets vs Manager().dict() item gets; fresh JVMs, child warmed", "ops/s", "12.1",
                        Goal.atLeast(3), s -> setGet(s, GET, true)),
                new SimpleRow("manager.dict.set.cold", s -> "the same puts, no warm-up",
                        "ops/s", "12.0", Goal.reported(), s -> setGet(s, SET, false)),
                new SimpleRow("manager.dict.get.cold", s -> "the same gets, no warm-up",
                        "ops/s", "12.1", Goal.reported(), s -> setGet(s, GET, false)),
                new SimpleRow("manager.dict.merge", s -> "ManagedDict.merge(k, 1, Integer::sum) atomic on the server, 2 procs x "
                        + String.format("%,d", s.n(10_000)) + ", exact count checked; fresh JVMs", "ops/s", null,
                        Goal.reported(), ManagerRows::merge));
    }

    /**
     * In the child: {@code n} puts then {@code n} gets on 1000 keys, as CPython's manager_worker;
     * first the same on {@code warmUp}, untimed, when it is not null.
     */
    static void setsThenGets(ManagedDict<Integer, Integer> d, ManagedDict<Integer, Integer> warmUp, int n, Connection out) {
        if (warmUp != null) {
            for (int i = 0; i < n; i++) {
                warmUp.put(i % 1000, i);
                warmUp.get(i % 1000);
            }
        }
        try (out) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                d.put(i % 1000, i);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                d.get(i % 1000);
            }
            long t2 = System.nanoTime();
            out.send(new double[]{n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9)});
        }
    }

    /**
     * The set and get rows' medians, by warmed or not: one series of runs times both, as CPython's
     * section 12 does, so the get row reads what the set row's runs measured.
     */
    private static final Map<Boolean, double[]> MEASURED = new HashMap<>();

    static double setGet(Scale scale, int which, boolean warmed) throws Exception {
        double[] medians = MEASURED.get(warmed);
        if (medians == null) {
            medians = setsAndGets(scale, warmed);
            MEASURED.put(warmed, medians);
        }
        return medians[which];
    }

    private static double[] setsAndGets(Scale scale, boolean warmed) {
        int n = scale.n(20_000);
        // no untimed run first: the rates are timed in each run's fresh child, and a warmed child
        // warms both sides itself on another dict
        double[] sets = new double[scale.reps()];
        double[] gets = new double[scale.reps()];
        for (int i = 0; i < sets.length; i++) {
            double[] rates = setGetOnce(n, warmed);
            sets[i] = rates[SET];
            gets[i] = rates[GET];
        }
        return new double[]{Measure.median(sets), Measure.median(gets)};
    }

    /** One manager and one child: the child's put and get rates. */
    private static double[] setGetOnce(int n, boolean warmed) {
        try (Manager manager = Manager.start(); Pipe pipe = Pipe.open(false)) {
            ManagedDict<Integer, Integer> d = manager.dict();
            ManagedDict<Integer, Integer> warmUp = warmed ? manager.dict() : null;
            Connection in = pipe.left();
            Connection out = pipe.right();
            ChildProcess child = new ChildProcess(() -> setsThenGets(d, warmUp, n, out));
            child.start();
            double[] rates = (double[]) in.recv();
            child.join();
            child.close();
            return rates;
        }
    }

    static double merge(Scale scale) throws Exception {
        int n = scale.n(10_000);
        return Measure.median(scale, () -> mergeOnce(n));
    }

    private static double mergeOnce(int n) throws Exception {
        try (Manager manager = Manager.start(); ProcessBarrier start = new ProcessBarrier(3)) {
            ManagedDict<String, Integer> d = manager.dict();
            ChildProcess a = new ChildProcess(() -> merges(start, d, n));
            ChildProcess b = new ChildProcess(() -> merges(start, d, n));
            a.start();
            b.start();
            start.await();
            long t0 = System.nanoTime();
            a.join();
            b.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            a.close();
            b.close();
            int count = d.get("count");
            if (count != 2 * n) {
                throw new IllegalStateException("merge counted " + count + ", expected " + 2 * n);
            }
            return 2 * n / seconds;
        }
    }

    /** In each child: meet the others, then {@code n} merges of 1 into one key. */
    static void merges(ProcessBarrier start, ManagedDict<String, Integer> d, int n) {
        start.await();
        for (int i = 0; i < n; i++) {
            d.merge("count", 1, Integer::sum);
        }
    }
}
