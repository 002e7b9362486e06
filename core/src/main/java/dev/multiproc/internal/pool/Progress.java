package dev.multiproc.internal.pool;


/**
 * Counts a job's finished tasks and reports (done, total) to an optional listener; total is -1
 * while the input is still being read.
 */
public final class Progress {
    private final Listener listener;
    private long done;
    private long total;

    /** A listener as a plain function of (done, total); its return value is ignored. */
    @FunctionalInterface
    public interface Listener {
        void update(long done, long total);
    }

    public Progress(long total, Listener listener) {
        this.total = total;
        this.listener = listener;
    }

    void advance(int tasks) {
        long d;
        long t;
        synchronized (this) {
            done += tasks;
            d = done;
            t = total;
        }
        notifyListener(d, t);
    }

    void total(long tasks) {
        long d;
        synchronized (this) {
            if (total == tasks) {
                return;
            }
            total = tasks;
            d = done;
        }
        notifyListener(d, tasks);
    }

    public synchronized long done() {
        return done;
    }

    public synchronized long total() {
        return total;
    }

    private void notifyListener(long d, long t) {
        if (listener != null) {
            try {
                listener.update(d, t);
            } catch (RuntimeException e) {
                System.err.println("multiproc: a progress listener threw: " + e);
            }
        }
    }

}
