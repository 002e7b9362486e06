package dev.multiproc.internal.queue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The requests a {@link RemoteQueue} has sent its owner and not yet had answered, matched to their
 * answers by request id: one connection carries the requests of all the handle's threads, and the
 * owner answers a waiting put or join only when the queue lets it, so answers come back in any
 * order.
 *
 * <p>It works under the handle's lock and waits on the handle's condition (through
 * {@link OwnerLink}), not on its own: a caller waiting for an answer must also wake when the
 * connection fails or the handle is closed, which the handle signals there.
 *
 * <p>This is the engine's one request/reply multiplexer; the other exchanges match nothing, so
 * a shared book would add a lookup to each without taking anything away. A child's class
 * requests ({@code spawn.ParentLink}) go one at a time through the one thread that may touch its
 * blocking channel, on the start-up path where each class loaded costs. A manager client has a
 * connection per thread, whose server thread stands in for the client thread (a reentrant lock
 * is owned by it, a blocking call blocks only its caller), so each reply is the next frame; its
 * cancel is the one withdrawal there, answered by the call's single reply. A pool worker answers
 * its chunks in the order sent, so its queue of chunks in flight is its book
 * ({@code pool.WorkerHandle}). Only a queue's answers come back out of order and can be withdrawn.
 */
final class PendingReplies {

    /** The answer to one request, filled in by the reader thread. */
    static final class Reply {
        boolean done;
        boolean cancelled;
        long value;
        String error;
    }

    private final ReentrantLock lock;
    private final Condition changed;
    private final OwnerLink link;
    private final Map<Long, Reply> replies = new HashMap<>();
    private long nextReqId;

    PendingReplies(ReentrantLock lock, Condition changed, OwnerLink link) {
        this.lock = lock;
        this.changed = changed;
        this.link = link;
    }

    /** A new request id whose answer {@link #await} can wait for. */
    long register() {
        lock.lock();
        try {
            long reqId = nextId();
            replies.put(reqId, new Reply());
            return reqId;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: a new request id with no reply kept (a GET, whose items the handle takes itself). */
    long nextId() {
        return ++nextReqId;
    }

    /** Under the lock: the owner answered {@code reqId}; the caller signals the change. */
    void answered(long reqId, boolean cancelled, long value, String error) {
        Reply r = replies.get(reqId);
        if (r != null) {
            r.done = true;
            r.cancelled = cancelled;
            r.value = value;
            r.error = error;
        }
    }

    /**
     * Waits until {@code deadline} ({@link System#nanoTime()}) for the answer to {@code reqId}
     * without withdrawing it, for the exit, where nothing may wait long; stops early once
     * {@code ended} says no answer can come.
     *
     * @return false when the deadline passed first
     */
    boolean awaitUntil(long reqId, long deadline, BooleanSupplier ended) throws InterruptedException {
        lock.lock();
        try {
            Reply r = replies.get(reqId);
            while (r != null && !r.done && !ended.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the answer to {@code reqId}, which it then forgets; at the timeout (negative:
     * none) withdraws the request with a {@code CANCEL} and waits for the answer to that, which
     * says whether the request was done after all.
     */
    Reply await(long reqId, long timeoutNanos, String operation) {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        boolean cancelling = false;
        lock.lock();
        try {
            Reply reply = replies.get(reqId);
            while (!reply.done) {
                link.checkAlive(operation);
                long left = deadline - System.nanoTime();
                if (timeoutNanos >= 0 && left <= 0 && !cancelling) {
                    cancelling = true;
                    link.send(Wire.request(Wire.CANCEL, reqId)); // lets go of the lock meanwhile
                    continue;
                }
                link.awaitChange(timeoutNanos < 0 || cancelling ? -1 : left, operation);
            }
            return reply;
        } finally {
            replies.remove(reqId);
            lock.unlock();
        }
    }
}
