package dev.multiproc.internal.queue;

import dev.multiproc.queue.QueueClosedException;

import java.util.function.BooleanSupplier;

/**
 * The owner's handle: puts and gets go straight to the {@link QueueCore} in memory, no socket.
 * Closing it ends this handle only; other processes keep using the queue while this JVM lives.
 */
public final class LocalQueue implements QueueEngine {
    private final QueueCore core;
    private volatile boolean closed;

    public LocalQueue(int maxsize, boolean joinable) {
        this.core = new QueueCore(QueueHub.newQueueId(), maxsize, joinable);
    }

    @Override
    public boolean put(Object value, long timeoutNanos) {
        checkOpen("put");
        return core.offer(Item.encode(value, false), timeoutNanos, this::isClosed);
    }

    @Override
    public Object get(long timeoutNanos, BooleanSupplier claim) {
        checkOpen("get");
        Item item = core.poll(timeoutNanos, this::isClosed, claim);
        if (item == null) {
            return null;
        }
        try {
            return item.decode();
        } finally {
            item.consumed();
        }
    }

    @Override
    public int qsize() {
        checkOpen("qsize");
        return core.qsize();
    }

    @Override
    public void taskDone() {
        checkOpen("taskDone");
        core.taskDone();
    }

    @Override
    public void join() {
        checkOpen("join");
        core.join(this::isClosed);
    }

    @Override
    public void close() {
        closed = true;
        core.wakeAll();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void joinThread() {
        // the owner's puts are in the queue when put() returns
    }

    @Override
    public void cancelJoinThread() {
        // nothing is ever waiting to be sent from the owner
    }

    @Override
    public int maxsize() {
        return core.maxsize();
    }

    @Override
    public String describe() {
        return "queue " + core.id() + " of process " + ProcessHandle.current().pid();
    }

    @Override
    public QueueAddress address() {
        String path = QueueHub.get().share(core).toString();
        return new QueueAddress(ProcessHandle.current().pid(), path, core.id(), core.maxsize(), core.joinable());
    }

    private void checkOpen(String operation) {
        if (closed) {
            throw new QueueClosedException("queue " + core.id() + " is closed (" + operation + " after close())");
        }
    }
}
