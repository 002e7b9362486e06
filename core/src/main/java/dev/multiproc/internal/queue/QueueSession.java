package dev.multiproc.internal.queue;

import java.util.List;

/**
 * What a queue's owner ({@link QueueCore}) needs of one connection from another process: its
 * lease book, and the frames it sends there. {@link HubSession} is the one over a socket; the
 * queue's logic sees no more than this, so that it can be tested without a second process.
 *
 * <p>The {@code queue...} methods are called under the queue's lock and only queue their frame,
 * in order; {@link #flush()} writes what is queued once the lock is released, so a slow
 * consumer of a large item never holds up the queue.
 */
interface QueueSession {
    /** The items leased to this connection and not yet disposed of, and whether it is a consumer at all. */
    LeaseBook book();

    /**
     * Under the queue's lock: records {@code items} as leased to this consumer and queues their
     * {@code ITEMS} frame answering GET {@code reqId}; false when the connection has ended (the
     * caller puts the items back).
     */
    boolean leaseAndQueue(long reqId, List<Item> items, boolean lone);

    /** Under the queue's lock: queues a {@code RECALL}, a request to hand back prefetched items. */
    void queueRecall();

    /** Under the queue's lock: queues {@code RETURNED}, after which the consumer counts the returned items. */
    void queueReturned(int count);

    /** Writes the queued frames, in the order they were queued. */
    void flush();

    /** Writes {@code frame} now (an answer: {@code DONE}, {@code CANCELLED}, {@code FAILED}). */
    void send(byte[] frame);
}
