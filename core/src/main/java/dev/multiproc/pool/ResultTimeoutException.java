package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;

/**
 * A result was not ready within the time the caller was willing to wait: Python's
 * {@code multiprocessing.TimeoutError} from {@code AsyncResult.get(timeout)}. The task goes on
 * running; compare {@link TaskTimeoutException}, where the pool stops it.
 *
 * <pre>{@code
 * AsyncResult<Integer> r = pool.applyAsync(Slow::compute, 7);
 * try {
 *     r.get(Duration.ofMillis(100));
 * } catch (ResultTimeoutException notYet) {
 *     // still running
 * }
 * }</pre>
 */
public class ResultTimeoutException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a result that was not ready in time.
     *
     * @param message which call and how long was waited, for the exception's message
     */
    public ResultTimeoutException(String message) {
        super(message);
    }
}
