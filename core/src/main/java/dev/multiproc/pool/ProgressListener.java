package dev.multiproc.pool;

/**
 * Told how many tasks of a call have finished, for a progress bar. Called on a pool thread each
 * time a chunk finishes; keep it short.
 *
 * <pre>{@code
 * pool.map(WordCount::count, files, 1,
 *         (done, total) -> System.out.printf("\r%d/%d files", done, total));
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Called as tasks finish.
     *
     * @param done  tasks finished so far (successfully or not)
     * @param total the number of tasks, or -1 while the input has not been read to its end
     */
    void update(long done, long total);
}
