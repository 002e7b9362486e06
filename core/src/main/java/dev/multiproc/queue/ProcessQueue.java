package dev.multiproc.queue;

import dev.multiproc.internal.queue.LocalQueue;
import dev.multiproc.internal.queue.QueueEngine;
import dev.multiproc.internal.queue.QueueHandles;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A first-in first-out queue shared by processes: Python's {@code multiprocessing.Queue}, and a
 * {@link BlockingQueue}.
 *
 * <p>Create it in one process, hand it to children as an argument or inside other messages; any
 * process can put and get. Items from one producer arrive in the order it put them.
 *
 * <pre>{@code
 * try (ProcessQueue<String> q = new ProcessQueue<>()) {
 *     ChildProcess p = new ChildProcess(queue -> queue.put("Data from worker"), q);
 *     p.start();
 *     System.out.println(q.get());        // Data from worker
 *     p.join();
 * }
 * }</pre>
 *
 * <h2>How it works, and why</h2>
 * The process that creates a queue owns it and holds its items in memory; every other process
 * talks to the owner over an authenticated Unix-domain socket (the owner's one process socket,
 * whatever the number of queues). In the owner, put and get touch memory only.
 * <ul>
 *   <li><b>Nothing wedges.</b> Only the owner's threads change the queue, and a message counts only
 *       once its whole frame has arrived, so a producer or consumer killed in the middle of a put
 *       or get leaves no torn item and no lock held (Python's queue wedges every reader when one
 *       dies holding its read lock).</li>
 *   <li><b>Errors where they happen.</b> An item is serialized inside {@code put}, so an item that
 *       cannot be serialized fails that call with a {@link dev.multiproc.SerializationException};
 *       the queue is unchanged and keeps working (Python reports it later, from a feeder thread).</li>
 *   <li><b>Fast.</b> Puts of an unbounded queue are streamed and write-combined (many items per
 *       system call); a consumer fetches a batch per round trip and keeps the rest for its next
 *       gets. Fetched items stay the owner's until a caller has received them: if the consumer
 *       dies they go back to the head of the queue as soon as the owner sees its connection end
 *       (a get served in between may take a later item first), and if another consumer is left
 *       waiting they are recalled, so batching never loses, duplicates or hoards an item. Large items (512 B and
 *       more) of an unbounded queue are written once into shared memory by their producer and
 *       copied out by whoever takes them; only a small reference passes through the owner.</li>
 *   <li><b>Exit never deadlocks.</b> The owner accepts every item of an unbounded queue as it
 *       arrives, so a process's exit does not depend on anyone draining the queue (Python's
 *       join-before-drain deadlock). At exit a process confirms with the owners that its puts
 *       arrived, waiting at most {@code multiproc.queueExitFlushSeconds} (10 s), and prints a
 *       warning naming what may be lost otherwise. {@link #cancelJoinThread()} skips that wait.</li>
 *   <li><b>The owner's lifetime.</b> A queue lives as long as its owner: when the owner exits,
 *       other processes get a {@link QueueClosedException} naming it instead of hanging.
 *       {@link #close()} closes one process's handle; in the owner, other processes can still use
 *       the queue until the owner exits.</li>
 * </ul>
 * A bounded queue ({@code maxsize > 0}) answers each remote put when there is room (that is its
 * flow control) and does not prefetch, so its remote throughput is one round trip per item.
 *
 * <h2>Differences from Python</h2>
 * {@code null} cannot be put (as in every {@link BlockingQueue}: {@link #poll()} returns null
 * for "empty"). Blocking calls do not throw the checked {@link InterruptedException}: an interrupt
 * ends them with a {@link dev.multiproc.MultiprocessingException} whose cause is the
 * {@code InterruptedException}, and the thread's interrupt status stays set. {@link #peek()},
 * {@link #iterator()} and the methods built on it are not supported: a queue between processes
 * cannot be looked into without taking. {@link #qsize()} counts items fetched by a consumer but
 * not yet taken by its callers; like Python's, it is a snapshot.
 *
 * @param <E> the type of the items; they cross process boundaries, so they must be serializable
 */
public class ProcessQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    final transient QueueEngine engine;

    static {
        QueueHandles.install(new Handles());
    }

    /** An unbounded queue owned by this process. */
    public ProcessQueue() {
        this(0);
    }

    /**
     * A queue holding at most {@code maxsize} items; {@code maxsize <= 0} means unbounded, as in Python.
     *
     * @param maxsize the most items the queue holds at once; 0 or less for no bound
     */
    public ProcessQueue(int maxsize) {
        this(new LocalQueue(maxsize, false));
    }

    ProcessQueue(QueueEngine engine) {
        this.engine = engine;
    }

    /** Makes handles for internal callers ({@link QueueHandles}); a class, not a lambda, for cold children. */
    private static final class Handles implements QueueHandles {
        @Override
        public <T> ProcessQueue<T> handle(QueueEngine engine) {
            return new ProcessQueue<>(engine);
        }
    }

    // ---- Python's names ----

    /**
     * Adds {@code item}, waiting while a bounded queue is full.
     *
     * @param item the item, not {@code null}; it is serialized, so the receiver gets a copy
     * @throws QueueClosedException when this handle is closed
     */
    @Override
    public void put(E item) {
        engine.put(requireItem(item), -1);
    }

    /**
     * Adds {@code item}, waiting at most {@code timeout} for room; {@link QueueFullException} after that.
     *
     * @param item the item, not {@code null}; it is serialized, so the receiver gets a copy
     * @param timeout how long to wait at most, not {@code null}; zero or negative does not wait
     * @throws QueueFullException when a bounded queue is still full after {@code timeout}
     */
    public void put(E item, Duration timeout) {
        if (!engine.put(requireItem(item), nanos(timeout))) {
            throw new QueueFullException(describe() + " is full (maxsize " + maxsize() + ") after waiting " + timeout);
        }
    }

    /**
     * Adds {@code item} if there is room now, else throws {@link QueueFullException}.
     *
     * @param item the item, not {@code null}; it is serialized, so the receiver gets a copy
     * @throws QueueFullException when a bounded queue is full now
     */
    public void putNowait(E item) {
        if (!engine.put(requireItem(item), 0)) {
            throw new QueueFullException(describe() + " is full (maxsize " + maxsize() + ")");
        }
    }

    /**
     * Removes and returns the head item, waiting for one.
     *
     * @return the oldest item, never {@code null}
     * @throws QueueClosedException when this handle is closed
     */
    @SuppressWarnings("unchecked")
    public E get() {
        return (E) engine.get(-1);
    }

    /**
     * Removes and returns the head item, waiting at most {@code timeout}; {@link QueueEmptyException} after that.
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative does not wait
     * @return the oldest item, never {@code null}
     * @throws QueueEmptyException when no item came within {@code timeout}
     */
    @SuppressWarnings("unchecked")
    public E get(Duration timeout) {
        Object item = engine.get(nanos(timeout));
        if (item == null) {
            throw new QueueEmptyException(describe() + " is still empty after waiting " + timeout);
        }
        return (E) item;
    }

    /**
     * Removes the head item without blocking the caller: the future completes with it when one
     * arrives, or exceptionally when the queue is closed (a {@link QueueClosedException}) or its
     * owner is gone. For callers that wait without blocking a thread, such as coroutines
     * ({@code future.await()}) and reactive streams.
     *
     * <pre>{@code
     * CompletableFuture<String> next = q.getAsync();
     * next.thenAccept(item -> System.out.println("received " + item));
     * }</pre>
     *
     * <p>Cancelling the future withdraws the get: {@code cancel} returns true and nothing is taken,
     * the next item stays in the queue for the next consumer; or, when an item was already taken
     * for this get, {@code cancel} returns false and the future completes with it. The get waits on
     * a thread of its own, interrupted by a cancel; prefer {@link #poll()} first when an item is
     * likely there.
     *
     * @return the next item to come, never completed with {@code null}
     */
    public java.util.concurrent.CompletableFuture<E> getAsync() {
        PendingGet<E> pending = new PendingGet<>(engine, describe());
        pending.start();
        return pending;
    }

    /**
     * Removes and returns the head item if there is one now, else throws {@link QueueEmptyException}.
     *
     * @return the oldest item, never {@code null}
     * @throws QueueEmptyException when the queue holds no item now
     */
    @SuppressWarnings("unchecked")
    public E getNowait() {
        Object item = engine.get(0);
        if (item == null) {
            throw new QueueEmptyException(describe() + " is empty");
        }
        return (E) item;
    }

    /**
     * How many items the queue holds now (a snapshot: other processes may change it at once).
     *
     * @return the number of items put and not yet taken, 0 or more
     */
    public int qsize() {
        return engine.qsize();
    }

    /**
     * Tells whether the queue holds no item now (a snapshot).
     *
     * @return true when {@link #qsize()} is 0
     */
    public boolean empty() {
        return qsize() == 0;
    }

    /**
     * Tells whether a bounded queue holds {@code maxsize} items now (a snapshot).
     *
     * @return true when a {@code put} would wait now; always false for an unbounded queue
     */
    public boolean full() {
        return maxsize() > 0 && qsize() >= maxsize();
    }

    /**
     * The bound given at creation.
     *
     * @return the most items the queue holds at once; 0 for an unbounded queue
     */
    public int maxsize() {
        return engine.maxsize();
    }

    /**
     * Closes this process's handle: its items already put still reach the owner, items it had
     * fetched but not taken go back to the queue, and every later call here throws
     * {@link QueueClosedException}. Other processes are not affected. Closing twice is harmless.
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Tells whether this process's handle is closed.
     *
     * @return true once {@link #close()} was called here; other processes' handles may still be open
     */
    public boolean isClosed() {
        return engine.isClosed();
    }

    /** Waits until every item this process put has reached the owner (immediate in the owner). */
    public void joinThread() {
        engine.joinThread();
    }

    /** This process's exit will not wait for its items still on their way to the owner: they may be lost. */
    public void cancelJoinThread() {
        engine.cancelJoinThread();
    }

    // ---- BlockingQueue ----

    @Override
    public void clear() {
        while (poll() != null) {
            // drop every item available now
        }
    }

    @Override
    public boolean offer(E item) {
        return engine.put(requireItem(item), 0);
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) {
        return engine.put(requireItem(item), Math.max(0, unit.toNanos(timeout)));
    }

    @Override
    public E take() {
        return get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        return (E) engine.get(0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll(long timeout, TimeUnit unit) {
        return (E) engine.get(Math.max(0, unit.toNanos(timeout)));
    }

    /** Not supported: an item cannot be looked at in another process's queue without taking it. */
    @Override
    public E peek() {
        throw new UnsupportedOperationException("peek() is not supported by a queue shared between processes; use poll()");
    }

    /** Not supported: a queue shared between processes cannot be traversed; use {@link #poll()}. */
    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("a queue shared between processes cannot be traversed; use poll() or drainTo()");
    }

    @Override
    public int size() {
        return qsize();
    }

    @Override
    public int remainingCapacity() {
        return maxsize() > 0 ? Math.max(0, maxsize() - qsize()) : Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> target, int maxElements) {
        Objects.requireNonNull(target, "target");
        if (target == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int n = 0;
        E item;
        while (n < maxElements && (item = poll()) != null) {
            target.add(item);
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + (maxsize() > 0 ? ", maxsize " + maxsize() : "")
                + (isClosed() ? ", closed" : "") + "]";
    }

    String describe() {
        return engine.describe();
    }

    int kind() {
        return SerializedQueue.QUEUE;
    }

    /**
     * Sent to another process as the owner's address; see {@link SerializedQueue}. Package-private so that subclasses inherit it.
     *
     * @return the serialized form: the queue's kind and where its owner serves it
     * @throws ObjectStreamException not thrown; declared as serialization expects of {@code writeReplace}
     */
    final Object writeReplace() throws ObjectStreamException {
        return QueueRegistry.share(this, engine, kind());
    }

    static Object requireItem(Object item) {
        if (item == null) {
            throw new NullPointerException("a process queue cannot hold null: poll() returns null for 'empty'");
        }
        return item;
    }

    static long nanos(Duration timeout) {
        return Math.max(0, timeout.toNanos());
    }
}
