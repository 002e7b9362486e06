package dev.multiproc.bench;

/**
 * One line of the side-by-side table. Row ids are stable: issues and docs refer to them.
 *
 * <p>Each row measures the same workload as the CPython baseline row it names
 * ({@link #pythonKey()}, a key of {@code mp_baseline.py --json}), with the same sizes.
 */
public interface Row {

    /** The stable id, e.g. {@code pipe.rtt}. */
    String id();

    /** What is measured, with its size, e.g. "Connection ping-pong, 20,000 round trips". */
    String workload(Scale scale);

    /** The unit of {@link #measure}, the same as the CPython row's. */
    String unit();

    /** The CPython baseline row this one is compared with, or null. */
    String pythonKey();

    /** The section of the CPython script that produces {@link #pythonKey()} ("1" to "9"). */
    default String pythonSection() {
        String key = pythonKey();
        return key == null ? null : key.substring(0, key.indexOf('.')).replaceAll("[^0-9]", "");
    }

    Goal goal();

    /** Measures the row: the median of {@code scale.reps()} timed runs after one warm-up. */
    double measure(Scale scale) throws Exception;
}
