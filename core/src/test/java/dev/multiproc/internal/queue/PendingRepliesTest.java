package dev.multiproc.internal.queue;

import dev.multiproc.internal.wire.FrameReader;
import dev.multiproc.queue.QueueClosedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue handle's book of requests in flight, against a fake connection to the owner: answers
 * in any order, withdrawal at a timeout, the end of the connection, the bounded exit wait.
 */
class PendingRepliesTest {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final FakeLink link = new FakeLink();
    private final PendingReplies pending = new PendingReplies(lock, changed, link);

    /** What the owner does when it receives a CANCEL; null: nothing. */
    private interface OnCancel {
        void answer(long reqId);
    }

    private final class FakeLink implements OwnerLink {
        final List<String> sent = new ArrayList<>();
        String lostBecause;
        OnCancel onCancel;
        /** Run at the next wait, as the reader thread would meanwhile. */
        Runnable meanwhile;

        @Override
        public void checkAlive(String operation) {
            if (lostBecause != null) {
                throw new QueueClosedException(lostBecause + " during " + operation);
            }
        }

        @Override
        public void send(byte[] frame) {
            FrameReader in = Wire.reader(frame);
            byte op = in.getByte();
            long reqId = in.getLong();
            sent.add(op + " " + reqId);
            if (op == Wire.CANCEL && onCancel != null) {
                onCancel.answer(reqId);
            }
        }

        @Override
        public void awaitChange(long nanos, String operation) {
            Runnable r = meanwhile;
            meanwhile = null;
            if (r != null) {
                r.run();
                return;
            }
            try {
                // every wait in these tests ends by an answer that is already there, or by a deadline
                assertTrue(nanos >= 0, "an unbounded wait with nothing to wake it");
                changed.awaitNanos(nanos);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void answersComeBackInAnyOrder() {
        long first = pending.register();
        long second = pending.register();
        lock.lock();
        try {
            pending.answered(second, false, 22, null);
            pending.answered(first, false, 11, null);
        } finally {
            lock.unlock();
        }
        assertEquals(22, pending.await(second, -1, "qsize").value);
        PendingReplies.Reply r = pending.await(first, -1, "qsize");
        assertEquals(11, r.value);
        assertFalse(r.cancelled);
        assertTrue(link.sent.isEmpty());
    }

    @Test
    void anAnswerForNoPendingRequestIsIgnored() {
        long id = pending.register();
        lock.lock();
        try {
            pending.answered(id + 100, false, 1, null);
            pending.answered(id, false, 0, "the owner failed");
        } finally {
            lock.unlock();
        }
        assertEquals("the owner failed", pending.await(id, -1, "join").error);
    }

    @Test
    void aTimeoutWithdrawsTheRequestAndWaitsForTheAnswerToThat() {
        long id = pending.register();
        link.onCancel = reqId -> pending.answered(reqId, true, 0, null);
        PendingReplies.Reply r = pending.await(id, TimeUnit.MILLISECONDS.toNanos(20), "put");
        assertTrue(r.cancelled);
        assertEquals(List.of(Wire.CANCEL + " " + id), link.sent);
    }

    @Test
    void aRequestDoneBeforeItsCancelArrivedKeepsItsResult() {
        long id = pending.register();
        link.onCancel = reqId -> pending.answered(reqId, false, 7, null);
        PendingReplies.Reply r = pending.await(id, 0, "put");
        assertFalse(r.cancelled);
        assertEquals(7, r.value);
        assertEquals(1, link.sent.size(), "one CANCEL, however long the answer takes");
    }

    @Test
    void theEndOfTheConnectionFailsAWaitingRequest() {
        long id = pending.register();
        link.meanwhile = () -> link.lostBecause = "queue 3 of process 42: its owner is gone";
        QueueClosedException e = assertThrows(QueueClosedException.class, () -> pending.await(id, -1, "join"));
        assertEquals("queue 3 of process 42: its owner is gone during join", e.getMessage());
    }

    @Test
    void theExitWaitIsBoundedAndStopsWhenNoAnswerCanCome() throws InterruptedException {
        long id = pending.register();
        long start = System.nanoTime();
        assertFalse(pending.awaitUntil(id, start + TimeUnit.MILLISECONDS.toNanos(30), () -> false));
        assertTrue(pending.awaitUntil(id, System.nanoTime() + TimeUnit.SECONDS.toNanos(30), () -> true));
        lock.lock();
        try {
            pending.answered(id, false, 0, null);
        } finally {
            lock.unlock();
        }
        assertTrue(pending.awaitUntil(id, System.nanoTime(), () -> false));
        assertNull(pending.await(id, -1, "flush").error);
    }
}
