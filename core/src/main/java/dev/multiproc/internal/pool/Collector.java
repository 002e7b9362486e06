package dev.multiproc.internal.pool;

/**
 * Receives a job's outcomes as chunks complete, in any order, from the pool's reader threads:
 * a list for {@code map}, one value for {@code apply}, a stream for {@code imap}.
 */
interface Collector {

    /** All tasks of {@code chunk} ran; {@code errors[i]} is non-null where task i failed. */
    void chunkDone(Chunk chunk, Object[] values, TaskError[] errors);

    /** None of the chunk's tasks has a result (dead worker, timeout, serialization error). */
    void chunkFailed(Chunk chunk, TaskError error);

    /** The input threw while chunk {@code chunkIndex} was being read: it is the last chunk. */
    void inputFailed(int chunkIndex, long firstTask, TaskError error);

    /** Every chunk has completed or failed and the input is exhausted. */
    void finished(int chunks, long tasks);

    /** The job was cancelled or the pool terminated: everything unfinished fails with {@code error}. */
    void abort(TaskError error);

    /** False once more results would be of no use (failed fast, cancelled) or too far ahead of the consumer. */
    boolean wantsMore(int chunksCreated);

    /** True when the outcome is decided: no more dispatching, results can be dropped. */
    boolean isDecided();
}
