package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;

import java.time.Duration;

/**
 * A task ran longer than the pool's {@link Pool.Builder#taskTimeout task timeout}: it failed, and
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
    private final long task;
    private final Duration timeout;

    public TaskTimeoutException(String message, long task, Duration timeout) {
        super(message);
        this.task = task;
        this.timeout = timeout;
    }

    public long task() {
        return task;
    }

    public Duration timeout() {
        return timeout;
    }
}
