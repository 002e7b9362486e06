package dev.multiproc.internal.runtime;

/**
 * The library's loggers, all {@link System.Logger}s, so that records go to whatever back-end the
 * application has (java.util.logging by default; SLF4J, Logback or Log4j through their JDK
 * platform-logging bridges):
 * <ul>
 *   <li>{@code dev.multiproc.process}: a child JVM started (DEBUG, with its command line), a child
 *       exited (DEBUG; INFO when its exit code is not 0 and nobody here stopped it), records
 *       logged in a child (forwarded by its parent at their own level);</li>
 *   <li>{@code dev.multiproc.pool}: a worker died while running a task, was replaced, a task
 *       timed out and its worker was killed (WARNING);</li>
 *   <li>{@code dev.multiproc.sync}: a lock or semaphore recovered from a process that died
 *       holding it (WARNING);</li>
 *   <li>{@code dev.multiproc.runtime}: files of processes that are gone cleaned up (DEBUG: a
 *       program's output stays its own, even on a machine where a killed program left files).</li>
 * </ul>
 * Normal operation logs nothing at INFO.
 *
 * <p>Why holder classes: {@code System.getLogger} initialises the JDK's logging, a few
 * milliseconds of a fresh child JVM's CPU, which a child that never logs should not pay.
 *
 * <pre>{@code
 * Logs.pool().log(System.Logger.Level.WARNING, "worker 3 (pid {0}) died", pid);
 * }</pre>
 */
public final class Logs {
    private Logs() {
    }

    public static System.Logger process() {
        return ProcessLog.LOG;
    }

    public static System.Logger pool() {
        return PoolLog.LOG;
    }

    public static System.Logger runtime() {
        return RuntimeLog.LOG;
    }

    private static final class ProcessLog {
        static final System.Logger LOG = System.getLogger("dev.multiproc.process");
    }

    private static final class PoolLog {
        static final System.Logger LOG = System.getLogger("dev.multiproc.pool");
    }

    private static final class RuntimeLog {
        static final System.Logger LOG = System.getLogger("dev.multiproc.runtime");
    }
}
