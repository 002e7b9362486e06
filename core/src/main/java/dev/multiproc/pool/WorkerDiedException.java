package dev.multiproc.pool;

import dev.multiproc.MultiprocessingException;

/**
 * The worker running a task died: killed by a signal, {@code System.exit}, an
 * {@link OutOfMemoryError}, a native crash. Only the tasks it was running fail; the pool replaces
 * the worker and keeps working (CPython's Pool hangs in this case).
 *
 * <pre>{@code
 * try {
 *     pool.apply(x -> { System.exit(3); return x; }, 1);
 * } catch (WorkerDiedException e) {
 *     e.getMessage();   // "worker 2 (pid 4121) died with exit code 3 while running task 0 of apply()"
 *     e.exitCode();     // 3; -9 for SIGKILL
 * }
 * }</pre>
 */
public class WorkerDiedException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    /** The pool's id of the worker. */
    private final int workerId;
    /** The worker's OS process id, or null when it was not known. */
    private final Long pid;
    /** The worker's exit code, Python's convention; 0 when it was not known. */
    private final int exitCode;
    /** Position in its call of the first task of the chunk the worker was running. */
    private final long task;

    /**
     * Reports a worker that died while it ran a task.
     *
     * @param message  which worker, how it died and what it ran, for the exception's message
     * @param workerId the pool's id of the worker
     * @param pid      the worker's OS process id; null when it was not known
     * @param exitCode its exit code: n for {@code System.exit(n)}, -N for signal N; 0 when not known
     * @param task     position in its call of the first task of the chunk the worker was running
     * @param cause    what the worker reported before it died (e.g. an {@code OutOfMemoryError}); may be null
     */
    public WorkerDiedException(String message, int workerId, Long pid, int exitCode, long task, Throwable cause) {
        super(message, cause);
        this.workerId = workerId;
        this.pid = pid;
        this.exitCode = exitCode;
        this.task = task;
    }

    /**
     * The pool's id of the worker (as in its name, {@code PoolWorker-<id>}).
     *
     * @return the id, 1 or more
     */
    public int workerId() {
        return workerId;
    }

    /**
     * The OS process id of the worker that died.
     *
     * @return the pid, or null when it was not known
     */
    public Long pid() {
        return pid;
    }

    /**
     * How the worker ended.
     *
     * @return Python's convention: n for {@code System.exit(n)}, -N for a death by signal N; 0 when not known
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The task the worker was running.
     *
     * @return the position in its call (e.g. the index in {@code map}'s input) of the first task that failed
     */
    public long task() {
        return task;
    }
}
