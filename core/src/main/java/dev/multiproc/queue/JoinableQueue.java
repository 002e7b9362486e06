package dev.multiproc.queue;

import dev.multiproc.internal.queue.LocalQueue;
import dev.multiproc.internal.queue.QueueEngine;

/**
 * A {@link ProcessQueue} that counts unfinished tasks: Python's {@code multiprocessing.JoinableQueue}.
 *
 * <p>Every put adds one unfinished task; a consumer calls {@link #taskDone()} when it has
 * finished an item; {@link #join()} waits until every item put has been finished.
 *
 * <pre>{@code
 * JoinableQueue<Integer> tasks = new JoinableQueue<>();
 * new ChildProcess(q -> { while (true) { work(q.get()); q.taskDone(); } }, tasks)  // a daemon worker
 *         .start();
 * for (int i = 0; i < 10; i++) tasks.put(i);
 * tasks.join();                                                  // all 10 finished
 * }</pre>
 * The count is kept by the owner: a put from another process counts from the moment it reaches
 * the owner (at once for the owner's own puts, within microseconds otherwise, and always before
 * the putting process has exited).
 *
 * @param <E> the type of the items
 */
public class JoinableQueue<E> extends ProcessQueue<E> {
    private static final long serialVersionUID = 1L;

    /** An unbounded joinable queue owned by this process. */
    public JoinableQueue() {
        this(0);
    }

    /**
     * A joinable queue holding at most {@code maxsize} items; {@code maxsize <= 0} means unbounded.
     *
     * @param maxsize the most items the queue holds at once; 0 or less for no bound
     */
    public JoinableQueue(int maxsize) {
        super(new LocalQueue(maxsize, true));
    }

    JoinableQueue(QueueEngine engine) {
        super(engine);
    }

    /**
     * Marks one item as finished.
     *
     * @throws IllegalStateException when called more times than items were put (Python's ValueError)
     */
    public void taskDone() {
        engine.taskDone();
    }

    /** Waits until every item put on the queue has been marked finished with {@link #taskDone()}. */
    public void join() {
        engine.join();
    }

    @Override
    int kind() {
        return SerializedQueue.JOINABLE;
    }
}
