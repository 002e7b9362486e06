package dev.multiproc.internal.queue;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.queue.QueueClosedException;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
    static final long FOREVER = Long.MIN_VALUE;

    private final long id;
    private final int maxsize;
    private final boolean joinable;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final WaitingRequests waiting = new WaitingRequests();
    private final Set<QueueSession> sessions = new LinkedHashSet<>();
    private long unfinished;
    private int localGetters;
    /**
     * Consumers asked to hand back prefetched items because another consumer arrived; remote gets
     * wait until they have, so that no consumer overtakes items another one merely holds.
     */
    private final Set<QueueSession> awaitingReturn = new HashSet<>();

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
                    List<QueueSession> recall = recallTargets(null);
                    if (!recall.isEmpty()) {
                        recall.forEach(QueueSession::queueRecall);
                        lock.unlock();
                        try {
                            recall.forEach(QueueSession::flush);
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
            for (QueueSession s : sessions) {
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

    void attach(QueueSession session) {
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

    void remotePut(QueueSession session, long reqId, Item item) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (!waiting.hasPuts() && !isFull()) {
                append(item, after);
                after.add(() -> session.send(Wire.done(reqId, 0)));
            } else {
                waiting.addPut(session, reqId, item);
            }
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    void remoteGet(QueueSession session, long reqId, int max) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (!session.book().consumer) {
                session.book().consumer = true;
                // a second consumer: batches prefetched by the others go back to the head of the queue
                for (QueueSession other : recallTargets(session)) {
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
                waiting.addGet(session, reqId, max);
                for (QueueSession other : recallTargets(session)) {
                    other.queueRecall();
                    after.add(other::flush);
                }
            }
        } finally {
            lock.unlock();
            runAll(after);
        }
    }

    void cancel(QueueSession session, long reqId) {
        boolean removed;
        lock.lock();
        try {
            removed = waiting.cancel(session, reqId);
        } finally {
            lock.unlock();
        }
        if (removed) {
            session.send(Wire.request(Wire.CANCELLED, reqId));
        }
    }

    void returned(QueueSession session, long from, int count) {
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

    void remoteTaskDone(QueueSession session, long reqId) {
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

    void remoteJoin(QueueSession session, long reqId) {
        boolean done;
        lock.lock();
        try {
            done = unfinished == 0;
            if (!done) {
                waiting.addJoin(session, reqId);
            }
        } finally {
            lock.unlock();
        }
        if (done) {
            session.send(Wire.done(reqId, 0));
        }
    }

    /** The connection ended (closed, or its process died): its waiters go, its unread items come back. */
    void detach(QueueSession session) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            sessions.remove(session);
            awaitingReturn.remove(session);
            waiting.dropAll(session);
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
            for (WaitingRequests.Request r : waiting.takeJoins()) {
                after.add(() -> r.session().send(Wire.done(r.reqId(), 0)));
            }
        }
    }

    /** Serves waiting remote getters and putters for as long as the queue allows. */
    private void dispatch(List<Runnable> after) {
        boolean progress = true;
        while (progress) {
            progress = false;
            while (waiting.hasGets() && !items.isEmpty() && awaitingReturn.isEmpty()) {
                WaitingRequests.Request g = waiting.nextGet();
                deliver(g.session(), g.reqId(), g.max(), after);
                progress = true;
            }
            while (waiting.hasPuts() && !isFull()) {
                WaitingRequests.Request p = waiting.nextPut();
                items.add(p.item());
                if (joinable) {
                    unfinished++;
                }
                after.add(() -> p.session().send(Wire.done(p.reqId(), 0)));
                progress = true;
            }
        }
    }

    /**
     * Takes a batch of at most {@code max} items and leases it to {@code session} now, under the
     * lock; its frame, which tells the consumer whether it is the only one, is written after.
     */
    private void deliver(QueueSession session, long reqId, int max, List<Runnable> after) {
        boolean lone = activeConsumers() <= 1;
        List<Item> batch = Batches.take(items, max, lone);
        if (session.leaseAndQueue(reqId, batch, lone)) {
            after.add(session::flush);
        } else {
            requeueAtHead(batch); // the connection has ended
        }
    }

    private int activeConsumers() {
        int consumers = localGetters > 0 ? 1 : 0;
        for (QueueSession s : sessions) {
            if (s.book().consumer) {
                consumers++;
            }
        }
        return consumers;
    }

    /** Consumers other than {@code except} holding prefetched items nobody has asked them for yet. */
    private List<QueueSession> recallTargets(QueueSession except) {
        List<QueueSession> targets = new ArrayList<>();
        for (QueueSession s : sessions) {
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
