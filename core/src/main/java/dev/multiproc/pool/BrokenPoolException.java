package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;

/**
 * The pool cannot work: its workers cannot start, or its initializer failed. Every pending task
 * fails with it and new submissions throw it; close or terminate the pool. Python's
 * {@code concurrent.futures.process.BrokenProcessPool}.
 *
 * <pre>{@code
 * Pool pool = Pool.builder().initializer(() -> { throw new IllegalStateException("no db"); }).build();
 * pool.map(f, items);   // BrokenPoolException: the initializer of Pool-1 failed in worker 1 ...
 * }</pre>
 */
public class BrokenPoolException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a pool that cannot run work any more.
     *
     * @param message which pool and why it broke (workers that cannot start, a failed initializer)
     * @param cause   the failure that broke it; may be null
     */
    public BrokenPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
