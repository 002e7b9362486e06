package dev.multiproc.internal.queue;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The items a {@link RemoteQueue} has fetched ahead of its callers, and its side of the owner's
 * {@link LeaseBook} for them: every item is leased until this handle disposes of it (a caller
 * took it, or it was handed back), which it counts in the shared {@link ConsumedCounter} in the
 * order received. Used under the handle's lock.
 *
 * <p>When to ask for the next batch: a lone consumer (the owner says so with each batch) asks
 * again once half of its batch is taken, or at once after taking the last item of a one-item
 * batch: a batch's round trip is three thread wake-ups (the owner's session, the reader, the
 * caller), which on a small VM cost more than taking the batch, so the consumer waited on each
 * one. A consumer that keeps up with its producer gets small batches; it used to ask only when it
 * had none, and then waited a round trip per item or two (measured: 7-16 ms per 1,000 items
 * while the producer put, 0.4-0.7 ms on a backlog). Several consumers get one item at a time and
 * ask only when they have none.
 */
final class Prefetch {
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final ConsumedCounter counter;
    private final OwnerLink link;
    private final PendingReplies requests;
    /** Items a GET asks for: one for a bounded queue, where every get is a round trip, as many as the owner sends otherwise. */
    private final int batchSize;
    /** The id of the GET whose batch has not arrived yet; 0 when none is in flight. */
    private long inFlight;
    /** Items in the latest batch received. */
    private int lastBatch;
    /** Whether the owner saw this connection as the only consumer when it sent the latest batch. */
    private boolean lone;
    /** Leased items this handle is done with: taken by a caller or handed back. */
    private long disposed;

    Prefetch(ConsumedCounter counter, OwnerLink link, PendingReplies requests, int batchSize) {
        this.counter = counter;
        this.link = link;
        this.requests = requests;
        this.batchSize = batchSize;
    }

    boolean hasItems() {
        return !items.isEmpty();
    }

    /** Takes the oldest item for a caller: from now on it counts as consumed. */
    Item take() {
        Item item = items.poll();
        disposed++;
        counter.add(1);
        return item;
    }

    /** The id of the GET in flight, 0 when none. */
    long inFlight() {
        return inFlight;
    }

    /** True when a lone consumer should ask for the next batch now, while it takes this one. */
    boolean wantsNextEarly() {
        return inFlight == 0 && lone && items.size() <= lastBatch / 2;
    }

    /** Under the lock: asks the owner for the next batch; the lock is let go while the GET is sent. */
    void requestBatch() {
        long reqId = requests.nextId();
        inFlight = reqId;
        link.send(Wire.request(Wire.GET, reqId, batchSize));
    }

    /**
     * Under the lock: withdraws the GET in flight and waits for the owner's answer to it (its
     * batch, or {@code CANCELLED}), so that no batch arrives for a get that has given up.
     */
    void cancelInFlight(String operation) {
        long reqId = inFlight;
        link.send(Wire.request(Wire.CANCEL, reqId));
        while (inFlight == reqId) {
            link.checkAlive(operation);
            link.awaitChange(-1, operation);
        }
    }

    /** A batch arrived; when it answers the GET in flight, that GET is over. */
    void received(long reqId, List<Item> batch, boolean loneConsumer) {
        items.addAll(batch);
        if (inFlight == reqId) {
            inFlight = 0;
            lastBatch = batch.size();
            lone = loneConsumer;
        }
    }

    /** Request {@code reqId} was answered without items: if it was the GET in flight, it was withdrawn. */
    void answered(long reqId) {
        if (inFlight == reqId) {
            inFlight = 0;
        }
    }

    /**
     * Hands back every item no caller has taken, as the {@code RETURN} frame to send. They are
     * counted as disposed of only once the owner says it has them back ({@link #returnTaken}):
     * counted before, the owner could read the count first (a {@code qsize()}, another consumer's
     * get) and drop them from the lease book as consumed, and they would be lost.
     */
    byte[] handBack() {
        long from = disposed;
        int n = items.size();
        items.clear();
        disposed += n;
        return Wire.request(Wire.RETURN, from, n);
    }

    /** The owner has taken back {@code n} returned items: they count as disposed of. */
    void returnTaken(int n) {
        counter.add(n);
    }
}
