package dev.multiproc.queue;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Killed producers and consumers, a vanished owner, unread queues at exit, 1 GiB items: the
 * queue keeps working for everyone else and never hangs.
 */
class QueueFaultTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i += 4096) {
            b[i] = (byte) (seed + i / 4096);
        }
        b[size - 1] = (byte) seed;
        return b;
    }

    static void blockForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void killAndWait(ChildProcess p) {
        p.kill();
        assertTrue(p.join(LONG));
        assertEquals(-9, p.exitCode());
    }

    // ---- a producer killed in the middle of its puts ----

    static void putLargeItemsForever(ProcessQueue<byte[]> q) {
        for (int seed = 0; ; seed++) {
            q.put(pattern(4 << 20, seed));
        }
    }

    @Test
    void aProducerKilledMidPutLeavesOnlyWholeItems() {
        ProcessQueue<byte[]> q = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(QueueFaultTest::putLargeItemsForever, q);
        producer.start();
        byte[] first = q.get(LONG);
        assertArrayEquals(pattern(4 << 20, 0), first);
        killAndWait(producer);
        int seed = 1;
        byte[] next;
        while ((next = q.poll()) != null) {
            assertArrayEquals(pattern(4 << 20, seed++), next, "item " + seed + " torn");
        }
        q.put(new byte[] {7});
        assertArrayEquals(new byte[] {7}, q.get());
        q.close();
    }

    // ---- a consumer killed while blocked in get, or holding a prefetched batch ----

    static void getAndReport(ProcessQueue<Integer> q, ProcessQueue<Integer> seen) {
        seen.put(-1); // ready
        while (true) {
            seen.put(q.get());
        }
    }

    @Test
    void aConsumerKilledWhileBlockedInGetLosesNothing() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        ProcessQueue<Integer> seen = new ProcessQueue<>(1_000_000); // bounded: each report is confirmed
        ChildProcess consumer = new ChildProcess(QueueFaultTest::getAndReport, q, seen);
        consumer.start();
        assertEquals(-1, seen.get(LONG));
        killAndWait(consumer);
        q.put(42);
        assertEquals(42, q.get(LONG));
        assertTrue(q.empty());
        q.close();
        seen.close();
    }

    @Test
    void aConsumerKilledWithPrefetchedItemsGivesBackExactlyWhatItDidNotTake() {
        int n = 20_000;
        ProcessQueue<Integer> q = new ProcessQueue<>();
        ProcessQueue<Integer> seen = new ProcessQueue<>(1_000_000);
        for (int i = 0; i < n; i++) {
            q.put(i);
        }
        ChildProcess consumer = new ChildProcess(QueueFaultTest::getAndReport, q, seen);
        consumer.start();
        assertEquals(-1, seen.get(LONG));
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            assertTrue(got.add(seen.get(LONG)));
        }
        killAndWait(consumer);
        Integer late;
        while ((late = seen.poll()) != null) {
            assertTrue(got.add(late), "reported twice: " + late);
        }
        int gotByChild = got.size();
        Integer item;
        while ((item = q.poll()) != null) {
            assertTrue(got.add(item), "delivered twice: " + item);
        }
        // at most the one item the child had taken but not yet reported when it was killed is missing
        int missing = n - got.size();
        assertTrue(missing == 0 || missing == 1, "missing " + missing + " items; the child had " + gotByChild);
        q.close();
        seen.close();
    }

    static void getLargeAfterSaying(ProcessQueue<byte[]> q, SimpleQueue<String> ready) {
        ready.put("getting");
        q.get();
        blockForever();
    }

    @Test
    void aConsumerKilledDuringALargeTransferLeavesTheItemForOthers() {
        ProcessQueue<byte[]> q = new ProcessQueue<>();
        SimpleQueue<String> ready = new SimpleQueue<>();
        ChildProcess consumer = new ChildProcess(QueueFaultTest::getLargeAfterSaying, q, ready);
        consumer.start();
        assertEquals("getting", ready.get());
        byte[] big = pattern(256 << 20, 5);
        q.put(big);
        killAndWait(consumer);
        assertArrayEquals(big, q.get(LONG));
        q.close();
        ready.close();
    }

    // ---- the owner goes away ----

    static void ownAQueueThenExit(SimpleQueue<Object> out, SimpleQueue<String> in) {
        ProcessQueue<String> mine = new ProcessQueue<>();
        mine.put("from the owner");
        out.put(mine);
        assertEquals("exit now", in.get());
    }

    @SuppressWarnings("unchecked")
    @Test
    void handlesOfAQueueWhoseOwnerExitedSayClosed() {
        SimpleQueue<Object> exchange = new SimpleQueue<>();
        SimpleQueue<String> told = new SimpleQueue<>();
        ChildProcess owner = new ChildProcess(QueueFaultTest::ownAQueueThenExit, exchange, told);
        owner.start();
        ProcessQueue<String> theirs = (ProcessQueue<String>) exchange.get();
        assertEquals("from the owner", theirs.get(LONG));
        told.put("exit now");
        ProcessQueueTest.join(owner);
        QueueClosedException e = org.junit.jupiter.api.Assertions.assertThrows(QueueClosedException.class, theirs::get);
        assertTrue(e.getMessage().contains("owner, process " + owner.pid() + ", exited"), e.getMessage());
        exchange.close();
        told.close();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aGetBlockedWhenTheOwnerIsKilledEndsWithClosed() throws Exception {
        SimpleQueue<Object> exchange = new SimpleQueue<>();
        SimpleQueue<String> never = new SimpleQueue<>();
        ChildProcess owner = new ChildProcess(QueueFaultTest::ownAQueueThenExit, exchange, never);
        owner.start();
        ProcessQueue<String> theirs = (ProcessQueue<String>) exchange.get();
        assertEquals("from the owner", theirs.get(LONG));
        java.util.concurrent.CompletableFuture<Throwable> blocked = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                theirs.get();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        killAndWait(owner);
        Throwable t = blocked.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(t instanceof QueueClosedException, String.valueOf(t));
        assertTrue(t.getMessage().contains("owner, process " + owner.pid() + ", exited"), t.getMessage());
        exchange.close();
        never.close();
    }

    // ---- exit never waits for a reader (Python's join-before-drain deadlock) ----

    static void putManyAndExit(ProcessQueue<byte[]> q) {
        for (int i = 0; i < 2000; i++) {
            q.put(pattern(16 * 1024, i));
        }
    }

    @Test
    void aProducerExitsBeforeAnyoneReadsAndNothingIsLost() {
        ProcessQueue<byte[]> q = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(QueueFaultTest::putManyAndExit, q);
        producer.start();
        ProcessQueueTest.join(producer); // joined before draining: Python may deadlock here
        assertEquals(2000, q.qsize());
        for (int i = 0; i < 2000; i++) {
            assertArrayEquals(pattern(16 * 1024, i), q.getNowait());
        }
        q.close();
    }

    // ---- 1 GiB ----

    static void putOneGiB(ProcessQueue<byte[]> q) {
        q.put(pattern(1 << 30, 9));
    }

    @Test
    void aOneGibItemArrivesWhole() {
        ProcessQueue<byte[]> q = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(QueueFaultTest::putOneGiB, q);
        producer.start();
        byte[] got = q.get(Duration.ofMinutes(2));
        assertEquals(1 << 30, got.length);
        assertTrue(Arrays.equals(pattern(1 << 30, 9), got));
        got = null;
        ProcessQueueTest.join(producer);
        q.close();
    }
}
