package dev.multiproc.queue;

import dev.multiproc.internal.queue.LocalQueue;
import dev.multiproc.internal.queue.QueueEngine;

import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * The plain queue: Python's {@code multiprocessing.SimpleQueue}, with only {@link #put},
 * {@link #get}, {@link #empty} and {@link #close}. Unbounded; it works like {@link ProcessQueue}
 * (owned by its creator, safe against killed producers and consumers).
 *
 * <pre>{@code
 * SimpleQueue<Integer> results = new SimpleQueue<>();
 * new ChildProcess(q -> q.put(6 * 7), results).start();
 * int answer = results.get();                        // 42
 * }</pre>
 *
 * @param <E> the type of the items
 */
public final class SimpleQueue<E> implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient QueueEngine engine;

    public SimpleQueue() {
        this(new LocalQueue(0, false));
    }

    SimpleQueue(QueueEngine engine) {
        this.engine = engine;
    }

    /** Adds {@code item} (never waits: the queue is unbounded). */
    public void put(E item) {
        engine.put(ProcessQueue.requireItem(item), -1);
    }

    /** Removes and returns the head item, waiting for one. */
    @SuppressWarnings("unchecked")
    public E get() {
        return (E) engine.get(-1);
    }

    /** True when the queue holds no item now (a snapshot). */
    public boolean empty() {
        return engine.qsize() == 0;
    }

    /** Closes this process's handle; later calls here throw {@link QueueClosedException}. */
    @Override
    public void close() {
        engine.close();
    }

    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public String toString() {
        return "SimpleQueue[" + engine.describe() + (isClosed() ? ", closed" : "") + "]";
    }

    private Object writeReplace() throws ObjectStreamException {
        return QueueRegistry.share(this, engine, SerializedQueue.SIMPLE);
    }
}
