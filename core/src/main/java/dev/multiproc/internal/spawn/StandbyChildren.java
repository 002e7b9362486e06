package dev.multiproc.internal.spawn;

import dev.multiproc.internal.runtime.JvmProcess;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Pre-started, authenticated, idle child JVMs: the JVM's answer to Python's forkserver.
 *
 * <p>A JVM takes tens of milliseconds to boot and reach {@code main}; a standby child has done that
 * already and waits on its control connection, so {@code start()} costs one message. Each one
 * taken is replaced in the background. Standby children hold no user state: each runs exactly one
 * process and exits, so every process still gets fresh static state.
 */
public final class StandbyChildren implements AutoCloseable {
    private final int size;
    private final boolean trained;
    private final Supplier<SpawnedChild> launcher;
    private final Deque<SpawnedChild> idle = new ArrayDeque<>();
    private final ExecutorService refill = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "multiproc-standby");
        t.setDaemon(true);
        return t;
    });
    private boolean closed;
    /** Trained children taken and not yet exited. */
    private int running;

    /** Registered at JVM exit while open, withdrawn by {@link #close()}. */
    private final Runnable closeAtExit = this::close;

    /**
     * @param trained whether the children train their transport before they report ready
     *                ({@link WarmUpHook}, about a second of CPU each). A plain child is
     *                replaced as soon as it is taken, and a start may take one still booting
     *                (waiting for it beats booting another). Trained children are replaced once
     *                every process that took one has exited (measured: a replacement training
     *                while the consumer of a producer that had exited was still at work took
     *                the consumer's CPU), and a start takes only a ready one.
     */
    public StandbyChildren(int size, boolean trained, Supplier<SpawnedChild> launcher) {
        if (size < 1) {
            throw new IllegalArgumentException("standby size < 1: " + size);
        }
        this.size = size;
        this.trained = trained;
        this.launcher = launcher;
        JvmProcess.current().atExit(closeAtExit);
        refill.execute(this::fill);
    }

    /**
     * An idle child, ready ones first, or null when none is left (the caller then starts one
     * cold). A booting one is taken only if the children are not trained.
     */
    public SpawnedChild take() {
        SpawnedChild child = null;
        boolean refillNow;
        synchronized (this) {
            if (closed) {
                return null;
            }
            idle.removeIf(candidate -> !candidate.isAlive());
            for (SpawnedChild candidate : idle) {
                if (candidate.isReady()) {
                    child = candidate;
                    break;
                }
            }
            if (child == null && !trained) {
                child = idle.peek();
            }
            if (child != null) {
                idle.remove(child);
                if (trained) {
                    running++;
                }
            }
            // trained: refilled when the running ones exit, or now if none runs (say, an idle
            // child died) and some are missing
            refillNow = !trained || (running == 0 && idle.size() < size);
        }
        if (trained && child != null) {
            child.onProcessExit().thenRun(this::exited);
        }
        if (refillNow) {
            refill.execute(this::fill);
        }
        return child;
    }

    /**
     * Waits until {@code size} children are booted, connected and idle.
     *
     * @return false when that did not happen within {@code millis} (or the set was closed)
     */
    public boolean awaitReady(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            SpawnedChild[] waiting;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                waiting = idle.toArray(new SpawnedChild[0]);
            }
            boolean allReady = waiting.length >= size;
            for (SpawnedChild child : waiting) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !child.awaitReady(left)) {
                    allReady = false;
                    if (left <= 0) {
                        return false;
                    }
                }
            }
            if (allReady) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            synchronized (this) {
                try {
                    wait(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** A trained child's process exited: refills once none is running any more. */
    private void exited() {
        synchronized (this) {
            if (--running > 0) {
                return;
            }
        }
        try {
            refill.execute(this::fill);
        } catch (RejectedExecutionException closedMeanwhile) {
            // nothing to refill
        }
    }

    private void fill() {
        while (true) {
            synchronized (this) {
                if (closed || idle.size() >= size) {
                    return;
                }
            }
            SpawnedChild child;
            try {
                child = launcher.get();
            } catch (RuntimeException e) {
                return; // cold starts will report the problem to the caller
            }
            synchronized (this) {
                if (closed) {
                    child.dismiss();
                    return;
                }
                idle.add(child);
                notifyAll();
            }
        }
    }

    /** Dismisses the idle children; they exit as if their parent were gone. */
    @Override
    public void close() {
        JvmProcess.current().removeAtExit(closeAtExit); // a closed context leaves no trace
        synchronized (this) {
            closed = true;
            idle.forEach(SpawnedChild::dismiss);
            idle.clear();
        }
        refill.shutdown();
    }
}
