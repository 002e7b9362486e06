package dev.multiproc.bench;

/**
 * The sizes of a run: {@code --quick} divides every size by 10, as CPython's baseline script does,
 * so that both sides of a row always measure the same workload.
 *
 * @param quick whether sizes are divided by 10
 * @param reps  timed repetitions per row (the median is reported), each row warmed up once first
 */
public record Scale(boolean quick, int reps) {

    /** {@code full}, or a tenth of it (at least 2) in a quick run. */
    public int n(int full) {
        return quick ? Math.max(2, full / 10) : full;
    }
}
