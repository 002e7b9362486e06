package dev.multiproc.queue;

import dev.multiproc.internal.queue.QueueEngine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link ProcessQueue#getAsync()}: a get waiting on a thread of its own, and the future it
 * completes. Withdrawing it and taking an item exclude each other: the queue asks {@link #claim()}
 * under its lock just before it takes an item for this get, and {@link #cancel} succeeds only
 * while no item was claimed, so a cancelled get takes nothing and a claimed item is delivered.
 *
 * @param <E> the type of the items
 */
final class PendingGet<E> extends CompletableFuture<E> {
    private static final int WAITING = 0;
    private static final int CLAIMED = 1;
    private static final int WITHDRAWN = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final Thread waiter;

    PendingGet(QueueEngine engine, String queue) {
        this.waiter = new Thread(() -> run(engine), "multiproc-get-" + queue);
        waiter.setDaemon(true);
    }

    void start() {
        waiter.start();
    }

    @SuppressWarnings("unchecked")
    private void run(QueueEngine engine) {
        try {
            Object item = engine.get(-1, this::claim);
            if (item != null) {
                complete((E) item);
            }
        } catch (RuntimeException | Error e) {
            if (state.get() != WITHDRAWN) {
                completeExceptionally(e); // closed queue, owner gone; after a cancel: the interrupt
            }
        }
    }

    /** Under the queue's lock: true once, when the get is still wanted; the item is then this get's. */
    private boolean claim() {
        return state.compareAndSet(WAITING, CLAIMED);
    }

    /**
     * Withdraws the get when no item was claimed for it yet (its waiting thread is interrupted);
     * false when one was, which the future then delivers.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!state.compareAndSet(WAITING, WITHDRAWN)) {
            return false;
        }
        waiter.interrupt();
        return super.cancel(mayInterruptIfRunning);
    }
}
