package dev.multiproc.queue;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProcessQueue#getAsync()}: a get that waits without blocking its caller, and that a cancel withdraws. */
class QueueGetAsyncTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    static void putFive(ProcessQueue<Integer> q) {
        q.put(5);
    }

    /** In a child: withdraws a get on the parent's queue, says so, then takes the next item and reports it. */
    static void withdrawThenGet(ProcessQueue<Integer> q, ProcessQueue<String> control, ProcessQueue<Integer> report) {
        CompletableFuture<Integer> withdrawn = q.getAsync();
        assertTrue(withdrawn.cancel(true), "the queue was empty: nothing can have been taken");
        control.put("withdrawn");
        report.put(q.get(LONG));
    }

    @Test
    void completesWithTheItemAChildPutsLater() throws Exception {
        try (ProcessQueue<Integer> q = new ProcessQueue<>()) {
            CompletableFuture<Integer> next = q.getAsync();
            assertFalse(next.isDone());
            ChildProcess producer = new ChildProcess(QueueGetAsyncTest::putFive, q);
            producer.start();
            assertEquals(5, next.get(60, TimeUnit.SECONDS));
            ProcessQueueTest.join(producer);
        }
    }

    @Test
    void aWithdrawnGetTakesNothingInTheOwner() throws Exception {
        try (ProcessQueue<Integer> q = new ProcessQueue<>()) {
            CompletableFuture<Integer> withdrawn = q.getAsync();
            assertTrue(withdrawn.cancel(true));
            assertTrue(withdrawn.isCancelled());
            q.put(1);
            q.put(2);
            assertEquals(1, q.get(LONG));
            assertEquals(2, q.get(LONG));
        }
    }

    @Test
    void aWithdrawnGetTakesNothingInAnotherProcess() {
        try (ProcessQueue<Integer> q = new ProcessQueue<>(); ProcessQueue<String> control = new ProcessQueue<>();
             ProcessQueue<Integer> report = new ProcessQueue<>()) {
            ChildProcess consumer = new ChildProcess(QueueGetAsyncTest::withdrawThenGet, q, control, report);
            consumer.start();
            assertEquals("withdrawn", control.get(LONG));
            q.put(7);
            q.put(8);
            assertEquals(7, report.get(LONG)); // the withdrawn get left the first item to the next one
            assertEquals(8, q.get(LONG));
            ProcessQueueTest.join(consumer);
        }
    }

    @Test
    void aCancelAfterTheItemWasTakenReturnsFalseAndTheFutureKeepsIt() throws Exception {
        try (ProcessQueue<Integer> q = new ProcessQueue<>()) {
            q.put(3);
            CompletableFuture<Integer> next = q.getAsync();
            assertEquals(3, next.get(60, TimeUnit.SECONDS));
            assertFalse(next.cancel(true));
            assertEquals(3, next.get());
            assertEquals(0, q.qsize());
        }
    }

    @Test
    void aClosedHandleFailsTheFuture() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        q.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> q.getAsync().get(60, TimeUnit.SECONDS));
        assertInstanceOf(QueueClosedException.class, e.getCause());
    }
}
