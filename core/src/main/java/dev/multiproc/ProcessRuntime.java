package dev.multiproc;

import dev.multiproc.internal.spawn.SpawnedChild;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The state a {@link ChildProcess} object has in one JVM: what it stands for here (a child to
 * start, this JVM, its parent), the spawned child once started, and how it ended. Apart from the
 * process object because that object is serializable and travels to children, and none of this
 * may travel with it.
 */
final class ProcessRuntime {
    /** What a process object stands for in this JVM. */
    enum Kind {
        /** Created here; can be started. */
        SPAWNABLE,
        /** The root JVM's own process. */
        MAIN,
        /** The object running in this child JVM. */
        CURRENT,
        /** This JVM's parent, seen from the child. */
        PARENT_VIEW
    }

    final Kind kind;
    /** The pid, known from the start for this JVM and its parent; 0 for a child (see {@link #pid()}). */
    final long pid;
    final ExitFuture exit = new ExitFuture();
    MultiprocessingContext context;
    volatile SpawnedChild child;
    volatile Integer exitCode;
    volatile RemoteException failure;
    volatile ProcessStartException startFailure;
    volatile boolean closed;
    private volatile boolean parentWatched;

    ProcessRuntime(Kind kind, long pid) {
        this.kind = kind;
        this.pid = pid;
    }

    /** The child has exited (or failed to start): records how, then completes {@link #exit}. */
    void exited(ChildProcess process, SpawnedChild.Outcome outcome) {
        exitCode = outcome.exitCode();
        startFailure = outcome.startFailure();
        if (outcome.report() != null && outcome.report().className() != null) {
            failure = Failures.remote(process.getName(), child.pid(), outcome.report());
        }
        Multiprocessing.unregister(process);
        exit.exited(process);
    }

    /**
     * Waits for the exit, up to {@code timeout} (null: for ever); false at the timeout. A child
     * that could not start throws its {@link ProcessStartException} here, as it would have from
     * {@code start()}.
     */
    boolean awaitExit(Duration timeout, String name) {
        try {
            if (timeout == null) {
                exit.get();
            } else {
                exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while joining " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (startFailure != null) {
            throw new ProcessStartException(startFailure.getMessage(), startFailure);
        }
        return true;
    }

    boolean isAlive() {
        switch (kind) {
            case MAIN:
            case CURRENT:
                return true;
            case PARENT_VIEW:
                return !exit.isDone();
            default:
                return child != null && !exit.isDone();
        }
    }

    /** The pid, or null for a child not started yet. */
    Long pid() {
        if (pid != 0) {
            return pid;
        }
        SpawnedChild c = child;
        return c == null ? null : c.pid();
    }

    /** For {@code toString}: {@code initial}, {@code started}, or {@code stopped exitcode=N}. */
    String state() {
        if (kind != Kind.SPAWNABLE) {
            return "started";
        }
        if (child == null) {
            return "initial";
        }
        return exit.isDone() ? "stopped exitcode=" + exitCode : "started";
    }

    /**
     * Completes {@link #exit} when the parent exits, from the first use of the parent view on:
     * watching a process that is not our child needs a polling thread, which every child would
     * otherwise start on its start-up path whether or not it ever asks after its parent.
     */
    void watchParent(ChildProcess view) {
        if (parentWatched) {
            return;
        }
        synchronized (this) {
            if (parentWatched) {
                return;
            }
            parentWatched = true;
        }
        ProcessHandle.of(pid).ifPresentOrElse(
                h -> h.onExit().thenRun(() -> exit.exited(view)),
                () -> exit.exited(view));
    }
}
