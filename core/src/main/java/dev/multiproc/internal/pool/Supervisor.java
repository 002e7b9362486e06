package dev.multiproc.internal.pool;

import dev.multiproc.ChildProcess;
import dev.multiproc.ProcessStartException;
import dev.multiproc.internal.events.Events;
import dev.multiproc.internal.runtime.Logs;
import dev.multiproc.internal.runtime.Signals;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the pool at full strength: starts its workers, reacts to their exits, starts replacements
 * without blocking other work, retires workers, enforces task timeouts, and notices when the pool
 * has wound down.
 *
 * <p>When a worker dies, the chunk it was running (its oldest) fails with a
 * {@link WorkerDiedException} naming the worker, its pid, the exit code or signal, and the tasks;
 * chunks it had received but not begun are sent to other workers. CPython's Pool hangs here, and
 * its ProcessPoolExecutor gives up on every pending task.
 */
final class Supervisor {
    /** After three workers in a row exit before connecting, starting more is pointless. */
    private static final int MAX_START_FAILURES = 3;
    /** A worker asked to stop (or terminated) is killed if it is still alive after this. */
    private static final long STOP_GRACE_MILLIS = 2000;

    private final PoolCore core;
    private final ScheduledThreadPoolExecutor executor;
    /** The id of the last worker started; guarded by the pool's lock. */
    private int lastWorkerId;

    Supervisor(PoolCore core) {
        this.core = core;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "multiproc-" + core.name + "-supervisor");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    void start() {
        if (core.config.taskTimeout() != null) {
            long period = Math.max(5, Math.min(200, core.config.taskTimeout().toMillis() / 10));
            executor.scheduleWithFixedDelay(this::checkTimeouts, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts one worker JVM; it becomes READY when it connects and says hello. */
    void startWorker() {
        int id;
        core.lock.lock();
        try {
            id = ++lastWorkerId;
        } finally {
            core.lock.unlock();
        }
        PoolConfig config = core.config;
        ChildProcess process = config.context().process(WorkerLoop.target(core.server.path(), id, config.initializer()));
        process.setName("PoolWorker-" + id);
        process.setDaemon(true);
        WorkerHandle worker = new WorkerHandle(id, process);
        core.lock.lock();
        try {
            // Checked in the same step as the add: a terminate() that ran since the caller decided
            // to start a worker has stopped every worker in the list but could not see this one,
            // which would be admitted, idle forever, and keep the pool from ever terminating.
            if (!wantsWorkers()) {
                return;
            }
            core.workers.add(worker);
        } finally {
            core.lock.unlock();
        }
        try {
            process.start();
        } catch (RuntimeException e) {
            core.lock.lock();
            try {
                core.workers.remove(worker);
            } finally {
                core.lock.unlock();
            }
            throw e;
        }
        process.onExit().thenRun(() -> workerExited(worker));
    }

    /** Under the pool lock: whether fewer workers than the pool's size are starting or ready. */
    private boolean belowStrength() {
        int active = 0;
        for (WorkerHandle w : core.workers) {
            if (w.isActive()) {
                active++;
            }
        }
        return active < core.config.processes();
    }

    /** Under the pool lock: start a replacement in the background. */
    void replace() {
        executor.execute(() -> {
            core.lock.lock();
            try {
                if (!wantsWorkers() || !belowStrength()) {
                    return;
                }
            } finally {
                core.lock.unlock();
            }
            try {
                startWorker();
            } catch (RuntimeException e) {
                core.breakPool(new BrokenPoolException("cannot start a replacement worker for " + core.name + ": "
                        + e.getMessage(), e));
            }
        });
    }

    /** Under the pool lock: whether a worker started now would be wanted (not after terminate() or a break). */
    boolean wantsWorkers() {
        return core.broken == null && (core.state == PoolCore.State.RUNNING
                || (core.state == PoolCore.State.CLOSED && !core.jobs.isEmpty()));
    }

    /**
     * Under the pool lock, when the pool winds down after close(): a worker that has not connected
     * yet is let finish starting when the pool has an initializer, so that it runs once in each
     * worker as in Python; the pool closes its connection when it says hello and it exits. Any
     * other worker is stopped, one still starting at once: with no initializer, booting it to the
     * end would only delay close() (Pool(2) closed after one apply waited ~80 ms for its second
     * JVM to finish booting, connect and exit, on 2 busy cores; docs/benchmarks.md, pool.startup).
     */
    void release(WorkerHandle w) {
        if (w.finishingStart) {
            return;
        }
        if (w.state == WorkerHandle.State.STARTING && w.channel == null && core.config.initializer() != null) {
            w.state = WorkerHandle.State.STOPPING;
            w.finishingStart = true;
            return;
        }
        stop(w);
    }

    /** Under the pool lock: asks a worker to leave; one with work in hand is terminated. */
    void stop(WorkerHandle w) {
        if (w.state == WorkerHandle.State.DEAD || (w.state == WorkerHandle.State.STOPPING && !w.finishingStart)) {
            return;
        }
        w.finishingStart = false; // terminate() or a broken pool does not wait for it
        boolean busy = !w.inflight.isEmpty() || w.channel == null;
        w.state = WorkerHandle.State.STOPPING;
        if (busy) {
            w.process.terminate();
        } else {
            w.shutdownOutput();
        }
        stopLater(w);
    }

    /** The connection of a live worker broke: give it time to exit by itself, then kill it. */
    void stopLater(WorkerHandle w) {
        try {
            executor.schedule(() -> {
                if (w.process.isAlive()) {
                    w.process.kill();
                }
            }, STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            w.process.kill();
        }
    }

    /** Called (on a process watcher thread) when a worker's JVM has exited. */
    void workerExited(WorkerHandle w) {
        try {
            executor.execute(() -> handleExit(w));
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            handleExit(w);
        }
    }

    private void handleExit(WorkerHandle w) {
        List<Chunk> failed = new ArrayList<>();
        List<TaskError> errors = new ArrayList<>();
        boolean replace;
        BrokenPoolException breakWith = null;
        core.lock.lock();
        try {
            WorkerHandle.State was = w.state;
            w.state = WorkerHandle.State.DEAD;
            core.workers.remove(w);
            List<Chunk> held = new ArrayList<>(w.inflight);
            w.inflight.clear();
            if (was == WorkerHandle.State.STARTING && w.channel == null) {
                if (++core.consecutiveStartFailures >= MAX_START_FAILURES && core.broken == null) {
                    breakWith = new BrokenPoolException(core.name + " cannot start workers: " + startFailure(w), null);
                }
            }
            if (!held.isEmpty()) {
                // The pool kills a worker to stop one chunk (a cancel, a timeout); when that chunk
                // finished before the signal landed, the worker was already on the next one, which
                // did nothing wrong: it runs again elsewhere instead of failing another call
                boolean killedForAFinishedChunk = w.killChunk != null && w.killChunk != held.get(0);
                if (!killedForAFinishedChunk) {
                    Chunk running = held.remove(0);
                    failed.add(running);
                    errors.add(w.killChunk == running ? w.killError : TaskError.local(died(w, running)));
                }
                for (int i = held.size() - 1; i >= 0; i--) {
                    Chunk chunk = held.get(i);
                    chunk.worker = null;
                    chunk.job.ready.addFirst(chunk); // not begun: run elsewhere
                }
            }
            replace = breakWith == null && wantsWorkers() && belowStrength();
            core.workAvailable.signalAll();
        } finally {
            core.lock.unlock();
        }
        for (int i = 0; i < failed.size(); i++) {
            Throwable error = errors.get(i).failure();
            Events.workerDied(core.name, w.process.pid(), String.valueOf(error.getMessage()), replace);
            if (error instanceof WorkerDiedException) {
                Logs.pool().log(System.Logger.Level.WARNING, error.getMessage()
                        + (replace ? "; starting a worker in its place" : ""));
            }
            core.failChunk(failed.get(i), errors.get(i));
        }
        if (breakWith != null) {
            core.breakPool(breakWith);
        } else if (replace) {
            replace();
        }
        core.lock.lock();
        try {
            for (Job job : new ArrayList<>(core.jobs)) {
                if (core.checkFinished(job)) {
                    core.lock.unlock();
                    try {
                        job.collector.finished(job.chunksCreated, job.tasksCreated);
                    } finally {
                        core.lock.lock();
                    }
                }
            }
            if (core.state != PoolCore.State.RUNNING && core.jobs.isEmpty()) {
                core.stopIdleWorkers();
            }
        } finally {
            core.lock.unlock();
        }
        checkTerminated();
    }

    private static String startFailure(WorkerHandle w) {
        try {
            w.process.join();
            return w.describe() + " exited with " + exitDescription(w.process.exitCode()) + " before connecting";
        } catch (ProcessStartException e) {
            return e.getMessage();
        }
    }

    private WorkerDiedException died(WorkerHandle w, Chunk running) {
        Integer code = w.process.exitCode();
        TaskFailure fatal = w.fatal;
        String message = w.describe() + " died with " + exitDescription(code)
                + (fatal != null ? " after " + fatal.summary() : "")
                + " while running " + running.describe();
        Throwable cause = fatal != null ? fatal.rebuild() : null;
        return new WorkerDiedException(message, w.id, w.process.pid(), code == null ? 0 : code, running.firstTask, cause);
    }

    static String exitDescription(Integer code) {
        if (code == null) {
            return "an unknown status";
        }
        if (code < 0) {
            return Signals.name(-code);
        }
        return "exit code " + code;
    }

    private void checkTimeouts() {
        List<WorkerHandle> toKill = new ArrayList<>();
        long now = System.nanoTime();
        long timeout = core.config.taskTimeout().toNanos();
        core.lock.lock();
        try {
            for (WorkerHandle w : core.workers) {
                Chunk running = w.inflight.peekFirst();
                if (running == null || w.killChunk != null || w.state == WorkerHandle.State.DEAD) {
                    continue;
                }
                long started = Math.max(running.sentNanos, w.lastResultNanos);
                if (now - started > timeout * running.size) {
                    w.killChunk = running;
                    w.killError = TaskError.local(new TaskTimeoutException(running.describe() + " timed out after "
                            + core.config.taskTimeout().toMillis() + " ms" + (running.size > 1 ? " per task" : "")
                            + " in " + w.describe() + ", which was killed", running.firstTask, core.config.taskTimeout()));
                    toKill.add(w);
                }
            }
        } finally {
            core.lock.unlock();
        }
        for (WorkerHandle w : toKill) {
            Logs.pool().log(System.Logger.Level.WARNING, w.killError.getMessage());
            w.process.kill();
        }
    }

    /** Completes the pool's termination once it is shut down and every worker has exited. */
    void checkTerminated() {
        core.lock.lock();
        try {
            boolean over = core.state == PoolCore.State.TERMINATED
                    || (core.state == PoolCore.State.CLOSED && (core.jobs.isEmpty() || core.broken != null));
            if (!over || !core.workers.isEmpty() || core.terminated.isDone()) {
                return;
            }
            core.workAvailable.signalAll();
        } finally {
            core.lock.unlock();
        }
        core.server.close();
        executor.shutdown();
        core.terminated.complete(null);
    }
}
