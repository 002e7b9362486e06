package dev.multiproc.bench;

import java.util.Arrays;

/** Repetition and statistics helpers shared by the rows. */
public final class Measure {
    private Measure() {
    }

    /** One timed run of a row's workload, returning the row's figure. */
    @FunctionalInterface
    public interface Run {
        double once() throws Exception;
    }

    /** Runs {@code run} once untimed, then the scale's {@code reps} times; returns the median figure. */
    public static double median(Scale scale, Run run) throws Exception {
        return median(scale.reps(), run);
    }

    /** Runs {@code run} once untimed, then {@code reps} times; returns the median figure. */
    public static double median(int reps, Run run) throws Exception {
        run.once();
        double[] values = new double[reps];
        for (int i = 0; i < values.length; i++) {
            values[i] = run.once();
        }
        return median(values);
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The {@code q}-quantile (0..1) of {@code values}, nearest rank. */
    public static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
