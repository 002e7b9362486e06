package dev.multiproc.internal.events;

import jdk.jfr.FlightRecorder;

/**
 * JDK Flight Recorder events of the library, so that a recording opened in JDK Mission Control
 * shows what the processes, pools and queues did (category "multiproc").
 *
 * <p>Each method checks first whether its event is recorded, which costs next to nothing when no
 * recording runs; the caller passes plain values it already has, so no work is done for an event
 * nobody records. Start a recording as usual: {@code java -XX:StartFlightRecording=filename=run.jfr ...}
 * (a child JVM gets the option through the context's JVM options to record its own side).
 *
 * <p>Why every method asks {@link FlightRecorder#isInitialized()} before it touches an event class:
 * on JDK 17 the first load of any {@code jdk.jfr.Event} subclass starts up the recorder's internal
 * machinery (hundreds of classes and its metadata), measured at 0.3-3 s of a fresh JVM's time
 * depending on the machine's load. Without the check, the first queue put of every child and
 * the first process start of every parent paid it; {@code isInitialized()} is a static flag
 * that is true once a recording was started, at launch or later through {@code jcmd JFR.start}.
 */
public final class Events {
    private Events() {
    }

    /** Loaded only once the recorder is running, so that a JVM without a recording never loads JFR. */
    private static final class Recorded {
        static final ProcessStartEvent PROCESS_START = new ProcessStartEvent();
        static final ProcessExitEvent PROCESS_EXIT = new ProcessExitEvent();
        static final TaskRunEvent TASK_RUN = new TaskRunEvent();
        static final WorkerDeathEvent WORKER_DEATH = new WorkerDeathEvent();
        static final QueueBatchEvent QUEUE_BATCH = new QueueBatchEvent();
    }

    private static boolean recording() {
        return FlightRecorder.isInitialized();
    }

    /** A child JVM named {@code name} was handed its work. */
    public static void processStarted(String name, long pid) {
        if (recording() && Recorded.PROCESS_START.isEnabled()) {
            ProcessStartEvent e = new ProcessStartEvent();
            e.name = name;
            e.pid = pid;
            e.commit();
        }
    }

    /** A child JVM exited with {@code exitCode} (negative: the signal), {@code lifetimeNanos} after its start. */
    public static void processExited(String name, long pid, int exitCode, long lifetimeNanos) {
        if (recording() && Recorded.PROCESS_EXIT.isEnabled()) {
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
        return recording() && Recorded.TASK_RUN.isEnabled();
    }

    /** A chunk of {@code tasks} tasks of a pool's call came back from its worker. */
    public static void taskRun(String pool, String call, long workerPid, long firstTask, int tasks,
                               long queueWaitNanos, long runNanos) {
        if (recording() && Recorded.TASK_RUN.isEnabled()) {
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
        if (recording() && Recorded.WORKER_DEATH.isEnabled()) {
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
        return recording() && Recorded.QUEUE_BATCH.isEnabled();
    }

    /** One frame of {@code items} items of a queue, sent ({@code put}) or received ({@code get}). */
    public static void queueBatch(String queue, boolean put, int items, long bytes) {
        if (recording() && Recorded.QUEUE_BATCH.isEnabled()) {
            QueueBatchEvent e = new QueueBatchEvent();
            e.queue = queue;
            e.direction = put ? "put" : "get";
            e.items = items;
            e.bytes = bytes;
            e.commit();
        }
    }
}
