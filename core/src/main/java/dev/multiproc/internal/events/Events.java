package dev.multiproc.internal.events;

/**
 * JDK Flight Recorder events of the library, so that a recording opened in JDK Mission Control
 * shows what the processes, pools and queues did (category "multiproc").
 *
 * <p>Each method checks first whether its event is recorded, which costs next to nothing when no
 * recording runs; the caller passes plain values it already has, so no work is done for an event
 * nobody records. Start a recording as usual: {@code java -XX:StartFlightRecording=filename=run.jfr ...}
 * (a child JVM gets the option through the context's JVM options to record its own side).
 */
public final class Events {
    private static final ProcessStartEvent PROCESS_START = new ProcessStartEvent();
    private static final ProcessExitEvent PROCESS_EXIT = new ProcessExitEvent();
    private static final TaskRunEvent TASK_RUN = new TaskRunEvent();
    private static final WorkerDeathEvent WORKER_DEATH = new WorkerDeathEvent();
    private static final QueueBatchEvent QUEUE_BATCH = new QueueBatchEvent();

    private Events() {
    }

    /** A child JVM named {@code name} was handed its work. */
    public static void processStarted(String name, long pid) {
        if (PROCESS_START.isEnabled()) {
            ProcessStartEvent e = new ProcessStartEvent();
            e.name = name;
            e.pid = pid;
            e.commit();
        }
    }

    /** A child JVM exited with {@code exitCode} (negative: the signal), {@code lifetimeNanos} after its start. */
    public static void processExited(String name, long pid, int exitCode, long lifetimeNanos) {
        if (PROCESS_EXIT.isEnabled()) {
            ProcessExitEvent e = new ProcessExitEvent();
            e.name = name;
            e.pid = pid;
            e.exitCode = exitCode;
            e.lifetime = lifetimeNanos;
            e.commit();
        }
    }

    /** Whether {@link #taskRun} records anything: lets the caller skip gathering its values. */
    public static boolean taskRunEnabled() {
        return TASK_RUN.isEnabled();
    }

    /** A chunk of {@code tasks} tasks of a pool's call came back from its worker. */
    public static void taskRun(String pool, String call, long workerPid, long firstTask, int tasks,
                               long queueWaitNanos, long runNanos) {
        if (TASK_RUN.isEnabled()) {
            TaskRunEvent e = new TaskRunEvent();
            e.pool = pool;
            e.call = call;
            e.workerPid = workerPid;
            e.firstTask = firstTask;
            e.tasks = tasks;
            e.queueWait = queueWaitNanos;
            e.runTime = runNanos;
            e.commit();
        }
    }

    /** A pool worker died while running tasks; {@code cause} says how. */
    public static void workerDied(String pool, long workerPid, String cause, boolean replaced) {
        if (WORKER_DEATH.isEnabled()) {
            WorkerDeathEvent e = new WorkerDeathEvent();
            e.pool = pool;
            e.workerPid = workerPid;
            e.cause = cause;
            e.replaced = replaced;
            e.commit();
        }
    }

    /** Whether {@link #queueBatch} records anything: lets the caller skip gathering its values. */
    public static boolean queueBatchEnabled() {
        return QUEUE_BATCH.isEnabled();
    }

    /** One frame of {@code items} items of a queue, sent ({@code put}) or received ({@code get}). */
    public static void queueBatch(String queue, boolean put, int items, long bytes) {
        if (QUEUE_BATCH.isEnabled()) {
            QueueBatchEvent e = new QueueBatchEvent();
            e.queue = queue;
            e.direction = put ? "put" : "get";
            e.items = items;
            e.bytes = bytes;
            e.commit();
        }
    }
}
