package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.Multiprocessing;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.SerializableRunnable;

import java.time.Duration;

/**
 * Where a data-path row's child processes come from: fresh JVMs, or standby children that trained
 * their connections and queues before they reported ready ({@code trainStandby}), the JVM's
 * counterpart of the forked children CPython's baseline uses for these rows. With trained
 * children this JVM, the queue's owner and the pipe's receiver, trains its own side as well
 * ({@code Multiprocessing.warmUpTransport()}), as a long-running process has: CPython's side needs
 * no warm-up. Each timed run waits, untimed, until enough trained children are ready; they are
 * replaced after the run's processes exit, so no training runs during a timed run.
 */
final class Children implements AutoCloseable {
    private final MultiprocessingContext context;

    private Children(MultiprocessingContext context) {
        this.context = context;
    }

    static Children fresh() {
        return new Children(MultiprocessingContext.builder().build());
    }

    @SuppressWarnings("removal") // the trained rows measure the deprecated training on purpose
    static Children trained(int count) {
        Multiprocessing.warmUpTransport();
        return new Children(MultiprocessingContext.builder().standby(count).trainStandby(true).build());
    }

    /** Before a timed run: waits until the standby children are all ready. */
    void awaitReady() {
        if (!context.awaitStandby(Duration.ofMinutes(2))) {
            throw new IllegalStateException("standby children did not become ready");
        }
    }

    ChildProcess process(SerializableRunnable target) {
        return context.process(target);
    }

    boolean isTrained() {
        return context.trainStandby();
    }

    @Override
    public void close() {
        context.close();
    }
}
