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
    private final int workerId;
    private final Long pid;
    private final int exitCode;
    private final long task;

    public WorkerDiedException(String message, int workerId, Long pid, int exitCode, long task, Throwable cause) {
        super(message, cause);
        this.workerId = workerId;
        this.pid = pid;
        this.exitCode = exitCode;
        this.task = task;
    }

    /** The pool's id of the worker (as in its name, {@code PoolWorker-<id>}). */
    public int workerId() {
        return workerId;
    }

    public Long pid() {
        return pid;
    }

    /** Python's convention: n for {@code System.exit(n)}, -N for a death by signal N. */
    public int exitCode() {
        return exitCode;
    }

    /** The position in its call (e.g. the index in {@code map}'s input) of the first task that failed. */
    public long task() {
        return task;
    }
}
