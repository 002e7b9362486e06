package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.Multiprocessing;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import dev.multiproc.manager.ManagedDict;
import dev.multiproc.manager.Manager;
import dev.multiproc.sync.ProcessBarrier;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Manager rows: CPython's section 12, the same workload (a new manager each run, a dict proxy used
 * by a new child: item sets, then item gets, timed in the child), and a two-process merge that
 * CPython's proxies cannot do atomically. As in the pipe and queue rows, the goal rows run the
 * manager and the child on trained standby JVMs, the counterpart of CPython's forked processes,
 * and as in lock.contended the child warms its loop first (the same puts and gets on another
 * dict, untimed), which warms the server's side too; the {@code .cold} rows report the same on
 * fresh JVMs without the warm-up, whose first thousands of calls run before the JIT compilers
 * have caught up.
 */
public final class ManagerRows {
    private static final int SET = 0;
    private static final int GET = 1;

    private ManagerRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("manager.dict.set", s -> "ManagedDict proxy in a child, " + String.format("%,d", s.n(20_000))
                        + " puts vs Manager().dict() item sets; trained standby JVMs, child warmed", "ops/s", "12.0",
                        Goal.atLeast(3), s -> setGet(s, SET, true)),
                new SimpleRow("manager.dict.get", s -> "ManagedDict proxy in a child, " + String.format("%,d", s.n(20_000))
                        + " gets vs Manager().dict() item gets; trained standby JVMs, child warmed", "ops/s", "12.1",
                        Goal.atLeast(3), s -> setGet(s, GET, true)),
                new SimpleRow("manager.dict.set.cold", s -> "the same puts, manager and child on fresh JVMs, no warm-up",
                        "ops/s", "12.0", Goal.reported(), s -> setGet(s, SET, false)),
                new SimpleRow("manager.dict.get.cold", s -> "the same gets, manager and child on fresh JVMs, no warm-up",
                        "ops/s", "12.1", Goal.reported(), s -> setGet(s, GET, false)),
                new SimpleRow("manager.dict.merge", s -> "ManagedDict.merge(k, 1, Integer::sum) atomic on the server, 2 procs x "
                        + String.format("%,d", s.n(10_000)) + ", exact count checked; fresh JVMs", "ops/s", null,
                        Goal.reported(), ManagerRows::merge));
    }

    /** Two trained standby JVMs (the manager's and the child's), or fresh ones. */
    @SuppressWarnings("removal") // the trained rows measure the deprecated training on purpose
    private static MultiprocessingContext context(boolean trained) {
        if (!trained) {
            return MultiprocessingContext.builder().build();
        }
        Multiprocessing.warmUpTransport();
        return MultiprocessingContext.builder().standby(3).trainStandby(true).build();
    }

    private static void awaitStandby(MultiprocessingContext context) {
        if (context.standby() > 0 && !context.awaitStandby(Duration.ofMinutes(2))) {
            throw new IllegalStateException("standby children did not become ready");
        }
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
     * The set and get rows' medians, by trained or not: one series of runs times both, as CPython's
     * section 12 does, so the get row reads what the set row's runs measured.
     */
    private static final Map<Boolean, double[]> MEASURED = new HashMap<>();

    static double setGet(Scale scale, int which, boolean trained) throws Exception {
        double[] medians = MEASURED.get(trained);
        if (medians == null) {
            medians = setsAndGets(scale, trained);
            MEASURED.put(trained, medians);
        }
        return medians[which];
    }

    private static double[] setsAndGets(Scale scale, boolean trained) {
        int n = scale.n(20_000);
        try (MultiprocessingContext context = context(trained)) {
            // no untimed run first: the rates are timed in each run's fresh child, and a trained
            // child warms both sides itself on another dict
            double[] sets = new double[scale.reps()];
            double[] gets = new double[scale.reps()];
            for (int i = 0; i < sets.length; i++) {
                double[] rates = setGetOnce(context, n, trained);
                sets[i] = rates[SET];
                gets[i] = rates[GET];
            }
            return new double[]{Measure.median(sets), Measure.median(gets)};
        }
    }

    /** One manager and one child: the child's put and get rates. */
    private static double[] setGetOnce(MultiprocessingContext context, int n, boolean warmed) {
        awaitStandby(context);
        try (Manager manager = Manager.builder().context(context).start(); Pipe pipe = Pipe.open(false)) {
            ManagedDict<Integer, Integer> d = manager.dict();
            ManagedDict<Integer, Integer> warmUp = warmed ? manager.dict() : null;
            Connection in = pipe.left();
            Connection out = pipe.right();
            ChildProcess child = context.process(() -> setsThenGets(d, warmUp, n, out));
            child.start();
            double[] rates = (double[]) in.recv();
            child.join();
            child.close();
            return rates;
        }
    }

    static double merge(Scale scale) throws Exception {
        int n = scale.n(10_000);
        // fresh JVMs: a reported row, and trained standby JVMs (retrained after every run) would
        // cost it half a minute of a --quick run
        try (MultiprocessingContext context = context(false)) {
            return Measure.median(scale, () -> mergeOnce(context, n));
        }
    }

    private static double mergeOnce(MultiprocessingContext context, int n) throws Exception {
        awaitStandby(context);
        try (Manager manager = Manager.builder().context(context).start(); ProcessBarrier start = new ProcessBarrier(3)) {
            ManagedDict<String, Integer> d = manager.dict();
            ChildProcess a = context.process(() -> merges(start, d, n));
            ChildProcess b = context.process(() -> merges(start, d, n));
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
