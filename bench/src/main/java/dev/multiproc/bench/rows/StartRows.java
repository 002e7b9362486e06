package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;

import java.time.Duration;
import java.util.List;

/** Process start+join of an empty target, cold and from standby children (CPython rows 1.x). */
public final class StartRows {
    /** Standby children kept by the {@code start.standby} row. */
    static final int STANDBY = 2;

    private StartRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("start.cold", s -> "start+join empty target, fresh JVM (" + s.n(20) + " sequential) vs spawn",
                        "ms/proc", "1.1", Goal.atMost(1.25), StartRows::cold),
                new SimpleRow("start.standby", s -> "start+join empty target on a ready standby JVM (" + s.n(20)
                        + " sequential) vs forkserver", "ms/proc", "1.2", Goal.atMost(1.0), StartRows::standby));
    }

    static void empty() {
    }

    /** Starts and joins one process; ms. */
    static double startJoin(MultiprocessingContext context) {
        long start = System.nanoTime();
        ChildProcess p = context.process(StartRows::empty);
        p.start();
        p.join();
        if (p.exitCode() != 0) {
            throw new IllegalStateException(p + " exited with " + p.exitCode());
        }
        return Measure.millisSince(start);
    }

    static double cold(Scale scale) throws Exception {
        MultiprocessingContext context = MultiprocessingContext.builder().build();
        int n = scale.n(20);
        return Measure.median(scale, () -> {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += startJoin(context);
            }
            return total / n;
        });
    }

    /**
     * Each start is timed with a standby JVM ready, as a forkserver is always ready; the
     * replacement boots between starts, untimed (a JVM boots slower than one start+join).
     */
    static double standby(Scale scale) throws Exception {
        int n = scale.n(20);
        try (MultiprocessingContext context = MultiprocessingContext.builder().standby(STANDBY).build()) {
            return Measure.median(scale, () -> {
                double total = 0;
                for (int i = 0; i < n; i++) {
                    if (!context.awaitStandby(Duration.ofMinutes(1))) {
                        throw new IllegalStateException("standby children did not start");
                    }
                    total += startJoin(context);
                }
                return total / n;
            });
        }
    }
}
