package dev.multiproc.manager;

import java.util.concurrent.BlockingQueue;

/**
 * A queue held by a {@link Manager} that counts unfinished tasks: Python's
 * {@code manager.JoinableQueue()}.
 *
 * <pre>{@code
 * ManagedJoinableQueue<String> jobs = manager.joinableQueue();
 * // consumers: String job = jobs.take(); work(job); jobs.taskDone();
 * jobs.put("a");
 * jobs.join();                            // returns once every put item was marked done
 * }</pre>
 *
 * @param <E> the type of the items
 */
public interface ManagedJoinableQueue<E> extends BlockingQueue<E> {
    /**
     * Marks one item taken from the queue as processed.
     *
     * @throws IllegalStateException when called more often than items were put
     */
    void taskDone();

    /**
     * Waits until every item put has been marked done.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    void join() throws InterruptedException;
}
