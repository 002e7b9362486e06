package dev.multiproc.internal.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The calls of other processes that wait for a queue to change, in arrival order: gets waiting for
 * an item, puts of a bounded queue waiting for room, joins waiting for the last
 * {@code taskDone()}. Used under the queue's lock ({@link QueueCore}).
 *
 * <p>Why arrival order: the first to wait is the first served, as with the owner's own callers,
 * so no connection starves another.
 */
final class WaitingRequests {
    /** A call of {@code session} waiting as request {@code reqId}: a get of up to {@code max} items, or a put of {@code item}. */
    record Request(QueueSession session, long reqId, int max, Item item) {
    }

    private final ArrayDeque<Request> gets = new ArrayDeque<>();
    private final ArrayDeque<Request> puts = new ArrayDeque<>();
    private final List<Request> joins = new ArrayList<>();

    void addGet(QueueSession session, long reqId, int max) {
        gets.add(new Request(session, reqId, max, null));
    }

    void addPut(QueueSession session, long reqId, Item item) {
        puts.add(new Request(session, reqId, 0, item));
    }

    void addJoin(QueueSession session, long reqId) {
        joins.add(new Request(session, reqId, 0, null));
    }

    boolean hasGets() {
        return !gets.isEmpty();
    }

    boolean hasPuts() {
        return !puts.isEmpty();
    }

    /** The oldest waiting get, removed. */
    Request nextGet() {
        return gets.poll();
    }

    /** The oldest waiting put, removed. */
    Request nextPut() {
        return puts.poll();
    }

    /** Every waiting join, removed: the queue's last task is done. */
    List<Request> takeJoins() {
        List<Request> all = new ArrayList<>(joins);
        joins.clear();
        return all;
    }

    /** Withdraws request {@code reqId} of {@code session}; false when it is not waiting (already answered). */
    boolean cancel(QueueSession session, long reqId) {
        return remove(gets, session, reqId) || remove(puts, session, reqId)
                || joins.removeIf(r -> r.session() == session && r.reqId() == reqId);
    }

    /** Drops every request of {@code session}: its connection has ended, nobody waits for the answers. */
    void dropAll(QueueSession session) {
        gets.removeIf(r -> r.session() == session);
        puts.removeIf(r -> r.session() == session);
        joins.removeIf(r -> r.session() == session);
    }

    private static boolean remove(ArrayDeque<Request> requests, QueueSession session, long reqId) {
        for (Iterator<Request> it = requests.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.session() == session && r.reqId() == reqId) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
