package dev.multiproc.internal.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue owner's logic ({@link QueueCore} with the {@link LeaseBook}s of its connections) against
 * sessions that only record what they would send: leases, the consumed count, recalls, what a
 * dead connection held, a bounded queue's flow control, and withdrawn requests. The consumed
 * count is a real {@link ConsumedCounter} file mapped twice, as the consumer and the owner map it.
 */
class QueueCoreTest {
    private static final BooleanSupplier OPEN = () -> false;

    @TempDir
    Path dir;

    /** A connection that records its frames: "queued" under the queue's lock, "written" once flushed or sent. */
    private final class RecordingSession implements QueueSession {
        final ConsumedCounter consumerSide;
        final LeaseBook book;
        final List<String> queued = new ArrayList<>();
        final List<String> written = new ArrayList<>();

        RecordingSession() {
            Path file = ConsumedCounter.createFile(dir);
            consumerSide = ConsumedCounter.map(file);
            book = new LeaseBook(ConsumedCounter.map(file));
            ConsumedCounter.delete(file);
        }

        /** The consumer's callers took {@code n} more of its leased items. */
        void consume(int n) {
            consumerSide.add(n);
        }

        /** What was written since the last call. */
        List<String> newlyWritten() {
            List<String> copy = new ArrayList<>(written);
            written.clear();
            return copy;
        }

        @Override
        public LeaseBook book() {
            return book;
        }

        @Override
        public boolean leaseAndQueue(long reqId, List<Item> items, boolean lone) {
            if (book.lease(items) < 0) {
                return false;
            }
            String values = items.stream().map(i -> String.valueOf(i.decode())).collect(Collectors.joining(", "));
            queued.add("ITEMS " + reqId + " [" + values + "]" + (lone ? " lone" : ""));
            return true;
        }

        @Override
        public void queueRecall() {
            queued.add("RECALL");
        }

        @Override
        public void queueReturned(int count) {
            queued.add("RETURNED " + count);
        }

        @Override
        public void flush() {
            written.addAll(queued);
            queued.clear();
        }

        @Override
        public void send(byte[] frame) {
            ByteBuffer in = ByteBuffer.wrap(frame);
            byte op = in.get();
            long reqId = in.getLong();
            switch (op) {
                case Wire.DONE -> written.add("DONE " + reqId);
                case Wire.CANCELLED -> written.add("CANCELLED " + reqId);
                case Wire.FAILED -> written.add("FAILED " + reqId + ": "
                        + StandardCharsets.UTF_8.decode(in));
                default -> throw new AssertionError("unexpected frame " + op);
            }
        }
    }

    private static void put(QueueCore core, Object... values) {
        for (Object v : values) {
            assertTrue(core.offer(Item.encode(v, true), 0, OPEN), "no room for " + v);
        }
    }

    private static Object take(QueueCore core) {
        Item item = core.poll(0, OPEN);
        return item == null ? null : item.decode();
    }

    private RecordingSession connect(QueueCore core) {
        RecordingSession s = new RecordingSession();
        core.attach(s);
        return s;
    }

    @Test
    void aLoneConsumersBatchIsLeasedAndCountsInQsizeUntilItIsConsumed() {
        QueueCore core = new QueueCore(1, 0, false);
        put(core, "a", "b", "c");
        RecordingSession consumer = connect(core);

        core.remoteGet(consumer, 1, 10);

        assertEquals(List.of("ITEMS 1 [a, b, c] lone"), consumer.newlyWritten());
        assertEquals(3, core.qsize(), "leased items are still on the queue until consumed");
        consumer.consume(2);
        assertEquals(1, core.qsize());
        assertEquals(1, consumer.book().outstanding());
        consumer.consume(1);
        assertEquals(0, core.qsize());
    }

    @Test
    void aSecondConsumerRecallsTheFirstOnesPrefetchAndGetsItsOldestUntakenItem() {
        QueueCore core = new QueueCore(1, 0, false);
        put(core, "a", "b", "c");
        RecordingSession first = connect(core);
        RecordingSession second = connect(core);
        core.remoteGet(first, 1, 10);
        assertEquals(List.of("ITEMS 1 [a, b, c] lone"), first.newlyWritten());
        first.consume(1); // "a" went to a caller

        core.remoteGet(second, 1, 10);

        assertEquals(List.of("RECALL"), first.newlyWritten());
        assertEquals(List.of(), second.newlyWritten(), "the second consumer waits for the return, not overtaking");

        core.returned(first, 1, 2); // "b" and "c" handed back

        assertEquals(List.of("RETURNED 2"), first.newlyWritten());
        assertEquals(List.of("ITEMS 1 [b]"), second.newlyWritten(), "one item at a time while two consume");
        assertEquals(2, core.qsize(), "c on the queue, b leased to the second consumer");
        core.remoteGet(first, 2, 10);
        assertEquals(List.of("ITEMS 2 [c]"), first.newlyWritten());
    }

    @Test
    void aDeadConsumersUntakenItemsGoBackToTheHeadOfTheQueueInOrder() {
        QueueCore core = new QueueCore(1, 0, false);
        put(core, 1, 2, 3, 4, 5);
        RecordingSession consumer = connect(core);
        core.remoteGet(consumer, 1, 10);
        assertEquals(List.of("ITEMS 1 [1, 2, 3, 4, 5] lone"), consumer.newlyWritten());
        consumer.consume(2);
        put(core, 6);

        core.detach(consumer);

        assertEquals(4, core.qsize());
        List<Object> after = new ArrayList<>();
        for (Object v = take(core); v != null; v = take(core)) {
            after.add(v);
        }
        assertEquals(List.of(3, 4, 5, 6), after, "neither lost nor delivered twice, and in order");
        assertFalse(consumer.leaseAndQueue(2, List.of(Item.encode(7, true)), true),
                "an ended connection is leased nothing more");
    }

    @Test
    void theOwnersOwnGetRecallsAConsumersPrefetch() {
        QueueCore core = new QueueCore(1, 0, false);
        put(core, "a", "b");
        RecordingSession consumer = connect(core);
        core.remoteGet(consumer, 1, 10);
        consumer.newlyWritten();

        assertNull(core.poll(TimeUnit.MILLISECONDS.toNanos(20), OPEN), "nothing on the queue itself yet");
        assertEquals(List.of("RECALL"), consumer.newlyWritten());

        core.returned(consumer, 0, 2);
        assertEquals(List.of("RETURNED 2"), consumer.newlyWritten());
        assertEquals("a", take(core));
        assertEquals("b", take(core));
    }

    @Test
    void aBoundedQueueAnswersARemotePutOnlyWhenThereIsRoom() {
        QueueCore core = new QueueCore(1, 2, false);
        RecordingSession producer = connect(core);

        core.remotePut(producer, 1, Item.encode("x", true));
        core.remotePut(producer, 2, Item.encode("y", true));
        core.remotePut(producer, 3, Item.encode("z", true));

        assertEquals(List.of("DONE 1", "DONE 2"), producer.newlyWritten(), "the third put waits for room");
        assertFalse(core.offer(Item.encode("w", true), 0, OPEN), "the owner's own put finds the queue full");
        assertEquals("x", take(core));
        assertEquals(List.of("DONE 3"), producer.newlyWritten(), "a get made room for the waiting put");
        assertEquals("y", take(core));
        assertEquals("z", take(core));
        assertNull(take(core));
    }

    @Test
    void aWithdrawnPutIsAnsweredCancelledAndNotAdded() {
        QueueCore core = new QueueCore(1, 1, false);
        put(core, "x");
        RecordingSession producer = connect(core);
        core.remotePut(producer, 4, Item.encode("y", true));

        core.cancel(producer, 4);

        assertEquals(List.of("CANCELLED 4"), producer.newlyWritten());
        assertEquals("x", take(core));
        assertNull(take(core));
        assertEquals(List.of(), producer.newlyWritten());
    }

    @Test
    void aWithdrawnGetIsAnsweredCancelledAndTakesNothing() {
        QueueCore core = new QueueCore(1, 0, false);
        RecordingSession consumer = connect(core);
        core.remoteGet(consumer, 7, 10);
        assertEquals(List.of(), consumer.newlyWritten(), "an empty queue keeps the get waiting");

        core.cancel(consumer, 7);
        put(core, "a");

        assertEquals(List.of("CANCELLED 7"), consumer.newlyWritten());
        assertEquals(1, core.qsize());
        assertEquals("a", take(core));
        core.cancel(consumer, 7);
        assertEquals(List.of(), consumer.newlyWritten(), "a request no longer waiting is not answered twice");
    }

    @Test
    void aJoinIsAnsweredWhenTheLastTaskIsDone() {
        QueueCore core = new QueueCore(1, 0, true);
        RecordingSession joiner = connect(core);
        put(core, "a", "b");
        core.remoteJoin(joiner, 5);
        take(core);
        take(core);

        core.taskDone();
        assertEquals(List.of(), joiner.newlyWritten());
        core.remoteTaskDone(joiner, 6);

        assertEquals(List.of("DONE 5", "DONE 6"), joiner.newlyWritten());
        core.remoteTaskDone(joiner, 7);
        assertEquals(List.of("FAILED 7: taskDone() called more times than items were put on queue 1"),
                joiner.newlyWritten());
        assertThrows(IllegalStateException.class, core::taskDone);
    }
}
