package dev.multiproc.bench.rows;

import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;

import java.util.function.Function;

/** A row defined by its parts: most rows need nothing more. */
record SimpleRow(String id, Function<Scale, String> description, String unit, String pythonKey, Goal goal,
                 Measurement measurement) implements Row {

    /** Measures a row at a scale: the median of the scale's repetitions. */
    @FunctionalInterface
    interface Measurement {
        double measure(Scale scale) throws Exception;
    }

    @Override
    public String workload(Scale scale) {
        return description.apply(scale);
    }

    @Override
    public double measure(Scale scale) throws Exception {
        return measurement.measure(scale);
    }
}
