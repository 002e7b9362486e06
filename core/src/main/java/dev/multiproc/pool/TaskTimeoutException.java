package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;

import java.time.Duration;

/**
 * A task ran longer than the pool's {@link PoolBuilder#taskTimeout task timeout}: it failed, and
 * the worker running it was killed and replaced.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().processes(2).taskTimeout(Duration.ofSeconds(1)).build()) {
 *     pool.apply(x -> { Thread.sleep(60_000); return x; }, 1);   // throws TaskTimeoutException
 * }
 * }</pre>
 */
public class TaskTimeoutException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    /** Position in its call of the first task of the chunk that timed out. */
    private final long task;
    /** The pool's task timeout. */
    private final Duration timeout;

    /**
     * Reports a task that ran longer than the pool's task timeout; its worker was killed.
     *
     * @param message which task, how long, and which worker was killed, for the exception's message
     * @param task    position in its call of the first task of the chunk that timed out
     * @param timeout the pool's task timeout
     */
    public TaskTimeoutException(String message, long task, Duration timeout) {
        super(message);
        this.task = task;
        this.timeout = timeout;
    }

    /**
     * The task that timed out.
     *
     * @return its position in its call (e.g. the index in {@code map}'s input); for a chunk, its first task's
     */
    public long task() {
        return task;
    }

    /**
     * The limit the task passed.
     *
     * @return the pool's task timeout ({@link PoolBuilder#taskTimeout}), per task of a chunk
     */
    public Duration timeout() {
        return timeout;
    }
}
