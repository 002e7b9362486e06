package dev.multiproc.internal.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The items an owner has sent to one consumer connection that the consumer has not yet disposed
 * of, in the order sent: item {@code base + i} is the i-th still held.
 *
 * <p>The consumer disposes of items strictly in the order received (its callers take them
 * first-in first-out, and a {@code RETURN} hands back its whole remaining prefetch), so "disposed
 * of" is always a prefix, told by the {@link ConsumedCounter}.
 */
final class LeaseBook {
    private final ArrayDeque<Item> held = new ArrayDeque<>();
    private final ConsumedCounter counter;
    private long base;
    private long sent;
    private boolean closed;
    /** Under the queue's lock: set once the connection has asked for items; it then counts when batches are shared out. */
    boolean consumer;
    /** Under the queue's lock: a recall was sent and the consumer has not returned its items yet. */
    boolean recalled;

    LeaseBook(ConsumedCounter counter) {
        this.counter = counter;
    }

    /** Records {@code items} as sent; returns the index of the first, or -1 if the connection has ended. */
    synchronized long lease(List<Item> items) {
        if (closed) {
            return -1;
        }
        long first = sent;
        held.addAll(items);
        sent += items.size();
        return first;
    }

    /** Drops what the consumer has disposed of; returns how many it still holds. */
    synchronized int outstanding() {
        trimTo(counter.get());
        return held.size();
    }

    /** The consumer returns {@code count} items from index {@code from}: every earlier one was consumed. */
    synchronized List<Item> returned(long from, int count) {
        trimTo(from);
        List<Item> back = new ArrayList<>(count);
        for (int i = 0; i < count && !held.isEmpty(); i++) {
            back.add(held.poll());
            base++;
        }
        recalled = false;
        return back;
    }

    /** The connection ended: the items no caller received, in order; later leases are refused. */
    synchronized List<Item> close() {
        closed = true;
        trimTo(counter.get());
        List<Item> back = new ArrayList<>(held);
        held.clear();
        return back;
    }

    private void trimTo(long disposed) {
        while (base < disposed && !held.isEmpty()) {
            held.poll().consumed();
            base++;
        }
    }
}
