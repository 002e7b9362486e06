package dev.multiproc.internal.queue;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.queue.QueueClosedException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A queue's items and waiters, held by the process that created the queue (its owner).
 *
 * <p>Every change happens here, on the owner's threads: its own callers, and one session thread
 * per connected process. No other process ever holds a lock on this state, so a producer or
 * consumer killed at any point cannot leave it locked (Python's queue wedges every reader when one
 * dies holding the pipe's read lock). Items sent to a consumer stay on its {@link LeaseBook} until
 * it has handed them to a caller; if it dies first they come back to the head of the queue.
 *
 * <p>Writes to sockets happen after the lock is released (the {@code after} lists), so a slow
 * consumer of a large item never holds up the queue.
 */
public final class QueueCore {
    /**
     * A remote GET receives at most this many items, or this many bytes of small items. Why this
     * many: a lone consumer takes a batch faster than its next GET's round trip on a busy two-core
     * machine (about 1 ms there while its producer runs), so its rate is a batch per round trip.
     * Measured, 1 KiB items through a slab (21-byte references, so the byte bound allows ~2,900)
     * in sets of 7-11 runs: 256 items 277-286k msgs/s, 1,024 358-403k, 4,096 412-429k; small ints
     * 1.1-1.4M -> 2.3-2.6M msgs/s; 1 MiB items 786 -> 1,378 MB/s.
     */
    static final int BATCH_ITEMS = 4096;
    static final int BATCH_BYTES = 60 * 1024;
    static final long FOREVER = Long.MIN_VALUE;

    private final long id;
    private final int maxsize;
    private final boolean joinable;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final ArrayDeque<Request> gets = new ArrayDeque<>();
    private final ArrayDeque<Request> puts = new ArrayDeque<>();
    private final List<Request> joins = new ArrayList<>();
    private final Set<HubSession> sessions = new LinkedHashSet<>();
    private long unfinished;
    private int localGetters;
    /**
     * Consumers asked to hand back prefetched items because another consumer arrived; remote gets
     * wait until they have, so that no consumer overtakes items another one merely holds.
     */
    private final Set<HubSession> awaitingReturn = new HashSet<>();

    /** A remote call waiting for the queue to change. */
    private record Request(HubSession session, long reqId, int max, Item item) {
    }

    public QueueCore(long id, int maxsize, boolean joinable) {
        this.id = id;
        this.maxsize = Math.max(0, maxsize);
        this.joinable = joinable;
    }

    public long id() {
        return id;
    }

    public int maxsize() {
        return maxsize;
    }

    public boolean joinable() {
        return joinable;
    }

    // ---- the owner's own callers ----

    /** Adds {@code item}, waiting up to {@code timeoutNanos} (negative: forever) for room; false when full. */
    public boolean offer(Item item, long timeoutNanos, BooleanSupplier closed) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            long deadline = deadline(timeoutNanos);
            while (isFull()) {
                if (!await(deadline, closed, "put")) {
                    return false;
                }
            }
            append(item, after);
        } finally {
            lock.unlock();
            runAll(after);
        }
        return true;
    }

    /** Takes the head item, waiting up to {@code timeoutNanos} (negative: forever); null when empty. */
    public Item poll(long timeoutNanos, BooleanSupplier closed) {
        return poll(timeoutNanos, closed, () -> true);
    }

    /** As above, taking an item only if {@code claim} (asked under the lock) still wants one; null when it does not. */
    public Item poll(long timeoutNanos, BooleanSupplier closed, BooleanSupplier claim) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            long deadline = deadline(timeoutNanos);
            localGetters++;
            try {
                while (items.isEmpty()) {
                    List<HubSession> recall = recallTargets(null);
                    if (!recall.isEmpty()) {
                        recall.forEach(HubSession::queueRecall);
                        lock.unlock();
                        try {
                            recall.forEach(HubSession::flush);
                        } finally {
                            lock.lock();
                        }
                        continue;
                    }
                    if (!await(deadline, closed, "get")) {
                        return null;
                    }
                }
            } finally {
                localGetters--;
            }
            if (!claim.getAsBoolean()) {
                return null;
            }
            Item item = items.poll();
            dispatch(after);
            changed.signalAll();
            return item;
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    public int qsize() {
        lock.lock();
        try {
            int n = items.size();
            for (HubSession s : sessions) {
                n += s.book().outstanding();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    public void taskDone() {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            countTaskDone(after);
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    public void join(BooleanSupplier closed) {
        lock.lock();
        try {
            while (unfinished > 0) {
                await(FOREVER, closed, "join");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the owner's waiting callers, e.g. to see that their handle was closed. */
    public void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- requests from other processes, on their session threads ----

    void attach(HubSession session) {
        lock.lock();
        try {
            sessions.add(session);
        } finally {
            lock.unlock();
        }
    }

    void remotePuts(List<Item> batch) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            // all of the batch first, then one dispatch: a waiting consumer gets the batch, not its first item
            items.addAll(batch);
            if (joinable) {
                unfinished += batch.size();
            }
            dispatch(after);
            changed.signalAll();
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    void remotePut(HubSession session, long reqId, Item item) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (puts.isEmpty() && !isFull()) {
                append(item, after);
                after.add(() -> session.send(Wire.done(reqId, 0)));
            } else {
                puts.add(new Request(session, reqId, 0, item));
            }
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    void remoteGet(HubSession session, long reqId, int max) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (!session.consumer) {
                session.consumer = true;
                // a second consumer: batches prefetched by the others go back to the head of the queue
                for (HubSession other : recallTargets(session)) {
                    awaitingReturn.add(other);
                    other.queueRecall();
                    after.add(other::flush);
                }
            }
            session.book().outstanding(); // forget what it has consumed
            if (!items.isEmpty() && awaitingReturn.isEmpty()) {
                deliver(session, reqId, max, after);
                dispatch(after);
            } else {
                gets.add(new Request(session, reqId, max, null));
                for (HubSession other : recallTargets(session)) {
                    other.queueRecall();
                    after.add(other::flush);
                }
            }
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    void cancel(HubSession session, long reqId) {
        boolean removed;
        lock.lock();
        try {
            removed = removeRequest(gets, session, reqId) || removeRequest(puts, session, reqId)
                    || joins.removeIf(r -> r.session == session && r.reqId == reqId);
        } finally {
            lock.unlock();
        }
        if (removed) {
            session.send(Wire.request(Wire.CANCELLED, reqId));
        }
    }

    void returned(HubSession session, long from, int count) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            requeueAtHead(session.book().returned(from, count));
            awaitingReturn.remove(session);
            session.queueReturned(count);
            after.add(session::flush);
            dispatch(after);
            changed.signalAll();
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    void remoteTaskDone(HubSession session, long reqId) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            countTaskDone(after);
            after.add(() -> session.send(Wire.done(reqId, 0)));
        } catch (IllegalStateException e) {
            after.add(() -> session.send(Wire.failed(reqId, e.getMessage())));
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    void remoteJoin(HubSession session, long reqId) {
        boolean done;
        lock.lock();
        try {
            done = unfinished == 0;
            if (!done) {
                joins.add(new Request(session, reqId, 0, null));
            }
        } finally {
            lock.unlock();
        }
        if (done) {
            session.send(Wire.done(reqId, 0));
        }
    }

    /** Items a connection could not be sent (it had ended): back to the head of the queue. */
    void requeue(List<Item> back) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            requeueAtHead(back);
            dispatch(after);
            changed.signalAll();
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    /** The connection ended (closed, or its process died): its waiters go, its unread items come back. */
    void detach(HubSession session) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            sessions.remove(session);
            awaitingReturn.remove(session);
            gets.removeIf(r -> r.session == session);
            puts.removeIf(r -> r.session == session);
            joins.removeIf(r -> r.session == session);
            requeueAtHead(session.book().close());
            dispatch(after);
            changed.signalAll();
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    // ---- under the lock ----

    private boolean isFull() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    private void append(Item item, List<Runnable> after) {
        items.add(item);
        if (joinable) {
            unfinished++;
        }
        dispatch(after);
        changed.signalAll();
    }

    private void countTaskDone(List<Runnable> after) {
        if (!joinable) {
            throw new IllegalStateException("taskDone() is only for a JoinableQueue");
        }
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called more times than items were put on queue " + id);
        }
        if (--unfinished == 0) {
            changed.signalAll();
            for (Request r : joins) {
                after.add(() -> r.session.send(Wire.done(r.reqId, 0)));
            }
            joins.clear();
        }
    }

    /** Serves waiting remote getters and putters for as long as the queue allows. */
    private void dispatch(List<Runnable> after) {
        boolean progress = true;
        while (progress) {
            progress = false;
            while (!gets.isEmpty() && !items.isEmpty() && awaitingReturn.isEmpty()) {
                Request g = gets.poll();
                deliver(g.session, g.reqId, g.max, after);
                progress = true;
            }
            while (!puts.isEmpty() && !isFull()) {
                Request p = puts.poll();
                items.add(p.item);
                if (joinable) {
                    unfinished++;
                }
                after.add(() -> p.session.send(Wire.done(p.reqId, 0)));
                progress = true;
            }
        }
    }

    /**
     * Up to {@code max} head items for a lone consumer; exactly one while several consumers are
     * active. Why one: a batch handed to one consumer would let another consumer get later items
     * first, and Python's idiom of one end marker per consumer relies on the queue being
     * first-in first-out across consumers (a consumer that stops at its marker must not sit on
     * items the others still need). A large item always travels alone.
     */
    private List<Item> takeBatch(int max, boolean lone) {
        int limit = lone ? Math.max(1, Math.min(max, BATCH_ITEMS)) : 1;
        List<Item> batch = new ArrayList<>(Math.min(limit, items.size()));
        long bytes = 0;
        while (!items.isEmpty() && batch.size() < limit) {
            Item next = items.peek();
            if (!batch.isEmpty() && (next.separate() || bytes + next.wireLength() > BATCH_BYTES)) {
                break;
            }
            batch.add(items.poll());
            bytes += next.wireLength();
            if (next.separate()) {
                break;
            }
        }
        return batch;
    }

    /**
     * Takes a batch of at most {@code max} items and leases it to {@code session} now, under the
     * lock; its frame, which tells the consumer whether it is the only one, is written after.
     */
    private void deliver(HubSession session, long reqId, int max, List<Runnable> after) {
        boolean lone = activeConsumers() <= 1;
        List<Item> batch = takeBatch(max, lone);
        if (session.leaseAndQueue(reqId, batch, lone)) {
            after.add(session::flush);
        } else {
            requeueAtHead(batch); // the connection has ended
        }
    }

    private int activeConsumers() {
        int consumers = localGetters > 0 ? 1 : 0;
        for (HubSession s : sessions) {
            if (s.consumer) {
                consumers++;
            }
        }
        return consumers;
    }

    /** Consumers other than {@code except} holding prefetched items nobody has asked them for yet. */
    private List<HubSession> recallTargets(HubSession except) {
        List<HubSession> targets = new ArrayList<>();
        for (HubSession s : sessions) {
            if (s != except && !s.book().recalled && s.book().outstanding() > 0) {
                s.book().recalled = true;
                targets.add(s);
            }
        }
        return targets;
    }

    private void requeueAtHead(List<Item> back) {
        for (int i = back.size() - 1; i >= 0; i--) {
            items.addFirst(back.get(i));
        }
    }

    private static boolean removeRequest(ArrayDeque<Request> requests, HubSession session, long reqId) {
        for (Iterator<Request> it = requests.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.session == session && r.reqId == reqId) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static long deadline(long timeoutNanos) {
        return timeoutNanos < 0 ? FOREVER : System.nanoTime() + timeoutNanos;
    }

    /** Waits for a change until {@code deadline} ({@link #FOREVER}); false when the deadline passed. */
    private boolean await(long deadline, BooleanSupplier closed, String operation) {
        if (closed.getAsBoolean()) {
            throw new QueueClosedException("queue " + id + " is closed (" + operation + " after close())");
        }
        try {
            if (deadline == FOREVER) {
                changed.await();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted during " + operation + " on queue " + id, e);
        }
        if (closed.getAsBoolean()) {
            throw new QueueClosedException("queue " + id + " was closed while waiting in " + operation);
        }
        return true;
    }

    private static void runAll(List<Runnable> after) {
        for (Runnable r : after) {
            r.run();
        }
    }
}
