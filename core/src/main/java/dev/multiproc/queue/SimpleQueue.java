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

    /** An unbounded queue owned by this process. */
    public SimpleQueue() {
        this(new LocalQueue(0, false));
    }

    SimpleQueue(QueueEngine engine) {
        this.engine = engine;
    }

    /**
     * Adds {@code item} (never waits: the queue is unbounded).
     *
     * @param item the item, not {@code null}; it is serialized, so the receiver gets a copy
     */
    public void put(E item) {
        engine.put(ProcessQueue.requireItem(item), -1);
    }

    /**
     * Removes and returns the head item, waiting for one.
     *
     * @return the oldest item, never {@code null}
     */
    @SuppressWarnings("unchecked")
    public E get() {
        return (E) engine.get(-1);
    }

    /**
     * Tells whether the queue holds no item now (a snapshot: other processes may change it at once).
     *
     * @return true when no item is waiting to be taken
     */
    public boolean empty() {
        return engine.qsize() == 0;
    }

    /** Closes this process's handle; later calls here throw {@link QueueClosedException}. */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Tells whether this process's handle is closed.
     *
     * @return true once {@link #close()} was called here
     */
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public String toString() {
        return "SimpleQueue[" + engine.describe() + (isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Sent to another process as the owner's address, as a {@link ProcessQueue} is.
     *
     * @return the serialized form: the queue's kind and where its owner serves it
     * @throws ObjectStreamException not thrown; declared as serialization expects of {@code writeReplace}
     */
    private Object writeReplace() throws ObjectStreamException {
        return QueueRegistry.share(this, engine, SerializedQueue.SIMPLE);
    }
}
