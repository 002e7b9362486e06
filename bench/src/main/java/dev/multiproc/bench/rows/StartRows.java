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
        return List.of(new Cold(), new Standby());
    }

    static void empty() {
    }

    /** Starts and joins {@code n} processes one after the other; ms per process. */
    static double sequential(MultiprocessingContext context, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ChildProcess p = context.process(StartRows::empty);
            p.start();
            p.join();
            if (p.exitCode() != 0) {
                throw new IllegalStateException(p + " exited with " + p.exitCode());
            }
        }
        return Measure.millisSince(start) / n;
    }

    static final class Cold implements Row {
        @Override
        public String id() {
            return "start.cold";
        }

        @Override
        public String workload(Scale scale) {
            return "start+join empty target, fresh JVM (" + scale.n(20) + " sequential) vs spawn";
        }

        @Override
        public String unit() {
            return "ms/proc";
        }

        @Override
        public String pythonKey() {
            return "1.1";
        }

        @Override
        public Goal goal() {
            return Goal.atMost(1.25);
        }

        @Override
        public double measure(Scale scale) throws Exception {
            MultiprocessingContext context = MultiprocessingContext.builder().build();
            return Measure.median(scale, () -> sequential(context, scale.n(20)));
        }
    }

    static final class Standby implements Row {
        @Override
        public String id() {
            return "start.standby";
        }

        @Override
        public String workload(Scale scale) {
            return "start+join empty target on a ready standby JVM (" + scale.n(20) + " sequential) vs forkserver";
        }

        @Override
        public String unit() {
            return "ms/proc";
        }

        @Override
        public String pythonKey() {
            return "1.2";
        }

        @Override
        public Goal goal() {
            return Goal.atMost(1.0);
        }

        @Override
        public double measure(Scale scale) throws Exception {
            // Each start is timed with a standby JVM ready, as a forkserver is always ready; the
            // replacement boots between starts, untimed (a JVM boots slower than one start+join).
            try (MultiprocessingContext context = MultiprocessingContext.builder().standby(STANDBY).build()) {
                return Measure.median(scale, () -> {
                    int n = scale.n(20);
                    double total = 0;
                    for (int i = 0; i < n; i++) {
                        if (!context.awaitStandby(Duration.ofMinutes(1))) {
                            throw new IllegalStateException("standby children did not start");
                        }
                        total += sequential(context, 1);
                    }
                    return total / n;
                });
            }
        }
    }
}
