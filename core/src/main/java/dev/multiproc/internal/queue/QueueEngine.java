package dev.multiproc.internal.queue;

/**
 * What a queue handle does in one process: {@link LocalQueue} in the queue's owner, where the
 * items are, and {@link RemoteQueue} in every other process. Timeouts are in nanoseconds;
 * negative means wait forever, zero means do not wait.
 */
public interface QueueEngine {

    /** Adds {@code value}; false when the queue was still full at the timeout. */
    boolean put(Object value, long timeoutNanos);

    /** Takes the head value; null when the queue was still empty at the timeout. */
    default Object get(long timeoutNanos) {
        return get(timeoutNanos, () -> true);
    }

    /**
     * Takes the head value if {@code claim}, asked under the queue's lock just before an item
     * would be taken, says it is still wanted; null when the queue was still empty at the timeout
     * or the claim was refused (then nothing is taken). For a get that its caller may withdraw
     * from another thread, so that a withdrawn get never takes an item.
     */
    Object get(long timeoutNanos, java.util.function.BooleanSupplier claim);

    int qsize();

    void taskDone();

    void join();

    void close();

    boolean isClosed();

    /** Waits until every item this process put has reached the owner. */
    void joinThread();

    /** Exit will not wait for this process's unsent items (they are dropped). */
    void cancelJoinThread();

    /** The bound given at creation; 0 when unbounded. */
    int maxsize();

    /** "queue 3 of process 4121", for messages. */
    String describe();

    /** Where other processes find this queue; in the owner, this makes the queue reachable. */
    QueueAddress address();
}
