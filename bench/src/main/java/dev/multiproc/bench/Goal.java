package dev.multiproc.bench;

/**
 * A row's target, as a ratio multiproc / CPython measured in the same run.
 *
 * @param comparison how the ratio is judged
 * @param ratio      the bound; ignored for {@link Comparison#REPORTED}
 */
public record Goal(Comparison comparison, double ratio) {

    /** How a ratio is judged against its bound. */
    public enum Comparison {
        AT_LEAST(">="), AT_MOST("<="), EQUAL("="), REPORTED("reported");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }

    /** For throughputs: multiproc must do at least {@code ratio} times CPython's. */
    public static Goal atLeast(double ratio) {
        return new Goal(Comparison.AT_LEAST, ratio);
    }

    /** For latencies: multiproc must take at most {@code ratio} times CPython's. */
    public static Goal atMost(double ratio) {
        return new Goal(Comparison.AT_MOST, ratio);
    }

    /** For checks: multiproc must get exactly CPython's figure (a count of the same job). */
    public static Goal equal() {
        return new Goal(Comparison.EQUAL, 1);
    }

    /** No bound: the figure is reported. */
    public static Goal reported() {
        return new Goal(Comparison.REPORTED, Double.NaN);
    }

    /** Null when there is nothing to judge (reported, or no CPython figure). */
    public Boolean passes(double measuredRatio) {
        if (comparison == Comparison.REPORTED || Double.isNaN(measuredRatio)) {
            return null;
        }
        switch (comparison) {
            case AT_LEAST: return measuredRatio >= ratio;
            case AT_MOST: return measuredRatio <= ratio;
            default: return Math.abs(measuredRatio - ratio) < 1e-12;
        }
    }

    @Override
    public String toString() {
        return comparison == Comparison.REPORTED ? "reported" : comparison.symbol + " " + trim(ratio) + "x";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
