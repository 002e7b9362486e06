package dev.multiproc.queue;

import dev.multiproc.ChildProcess;
import dev.multiproc.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestQueue}, on child JVMs. */
class ProcessQueueTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    static void join(ChildProcess p) {
        assertTrue(p.join(LONG), p + " did not exit");
        assertEquals(0, p.exitCode(), p + " failed");
    }

    // ---- put: maxsize, full, putNowait, timeouts; a child takes them (test_put) ----

    static void takeSixWhenTold(ProcessQueue<Integer> q, SimpleQueue<String> control) {
        assertEquals("go", control.get());
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            got.add(q.get());
        }
        control.put(got.toString());
    }

    static void produceWithMarker(ProcessQueue<Integer> queue, int n) {
        for (int i = 0; i < n; i++) {
            queue.put(i);
        }
        queue.put(-1);
    }

    static void consumeUntilMarker(ProcessQueue<Integer> queue, ProcessQueue<Integer> counts) {
        int count = 0;
        while (queue.get() >= 0) {
            count++;
        }
        counts.put(count);
    }

    @Test
    void oneEndMarkerPerConsumerDeliversEveryItemWithTwoProducersAndTwoConsumers() {
        int perProducer = 5_000;
        try (ProcessQueue<Integer> queue = new ProcessQueue<>(); ProcessQueue<Integer> counts = new ProcessQueue<>()) {
            List<ChildProcess> processes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                processes.add(new ChildProcess(ProcessQueueTest::produceWithMarker, queue, perProducer));
            }
            processes.forEach(ChildProcess::start);
            processes.forEach(ChildProcess::join); // both markers are queued: a consumer's batch may hold one
            for (int i = 0; i < 2; i++) {
                ChildProcess consumer = new ChildProcess(ProcessQueueTest::consumeUntilMarker, queue, counts);
                consumer.start();
                processes.add(consumer);
            }
            int consumed = counts.get() + counts.get();
            processes.forEach(ChildProcess::join);
            processes.forEach(p -> assertEquals(0, p.exitCode(), p.toString()));
            assertEquals(2 * perProducer, consumed, "Python's N-sentinels idiom: no item stranded with a finished consumer");
            assertEquals(0, queue.qsize());
        }
    }

    @Test
    void putFillsABoundedQueueAndAChildEmptiesIt() {
        ProcessQueue<Integer> q = new ProcessQueue<>(6);
        SimpleQueue<String> control = new SimpleQueue<>();
        ChildProcess child = new ChildProcess(ProcessQueueTest::takeSixWhenTold, q, control);
        child.start();

        assertTrue(q.empty());
        assertFalse(q.full());
        q.put(1);
        q.put(2, Duration.ofSeconds(1));
        q.putNowait(3);
        assertTrue(q.offer(4));
        assertTrue(q.offer(5, 1, TimeUnit.SECONDS));
        q.put(6);
        assertEquals(6, q.qsize());
        assertTrue(q.full());
        assertEquals(0, q.remainingCapacity());

        assertThrows(QueueFullException.class, () -> q.putNowait(7));
        assertFalse(q.offer(7));
        long start = System.nanoTime();
        QueueFullException full = assertThrows(QueueFullException.class, () -> q.put(7, Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
        assertTrue(full.getMessage().contains("maxsize 6"), full.getMessage());

        control.put("go");
        join(child);
        assertEquals("[1, 2, 3, 4, 5, 6]", control.get());
        assertTrue(q.empty());
        assertFalse(q.full());
        q.close();
        control.close();
    }

    // ---- get: a child puts, the parent gets with every variant (test_get) ----

    static void putOneToFour(ProcessQueue<Integer> q) {
        for (int i = 1; i <= 4; i++) {
            q.put(i);
        }
    }

    @Test
    void getInEveryFormThenEmpty() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        assertTrue(q.empty());
        ChildProcess child = new ChildProcess(ProcessQueueTest::putOneToFour, q);
        child.start();
        join(child); // the child's puts reach the owner before it exits
        assertEquals(4, q.qsize());
        assertEquals(1, q.get());
        assertEquals(2, q.get(Duration.ofSeconds(1)));
        assertEquals(3, q.getNowait());
        assertEquals(4, q.poll(1, TimeUnit.SECONDS));
        assertTrue(q.empty());
        assertThrows(QueueEmptyException.class, q::getNowait);
        assertNull(q.poll());
        long start = System.nanoTime();
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
        q.close();
    }

    // ---- items from parent (before and after the start) and child keep per-producer order (test_fork) ----

    static void putTenToNineteen(ProcessQueue<Integer> q) {
        for (int i = 10; i < 20; i++) {
            q.put(i);
        }
    }

    @Test
    void itemsFromParentAndChildArriveInOrder() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        ChildProcess child = new ChildProcess(ProcessQueueTest::putTenToNineteen, q);
        child.start();
        join(child);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            got.add(q.get(LONG));
        }
        assertEquals(range(0, 20), got);
        q.close();
    }

    static void produce(ProcessQueue<String> q, String name) {
        for (int i = 0; i < 5000; i++) {
            q.put(name + ":" + i);
        }
    }

    @Test
    void manyProducersKeepTheirOwnOrder() {
        ProcessQueue<String> q = new ProcessQueue<>();
        ChildProcess a = new ChildProcess(ProcessQueueTest::produce, q, "a");
        ChildProcess b = new ChildProcess(ProcessQueueTest::produce, q, "b");
        a.start();
        b.start();
        produce(q, "parent");
        int[] next = new int[3];
        List<String> names = List.of("a", "b", "parent");
        for (int n = 0; n < 15000; n++) {
            String[] item = q.get(LONG).split(":");
            int who = names.indexOf(item[0]);
            assertEquals(next[who]++, Integer.parseInt(item[1]), "out of order from " + item[0]);
        }
        assertEquals(List.of(5000, 5000, 5000), List.of(next[0], next[1], next[2]));
        join(a);
        join(b);
        assertTrue(q.empty());
        q.close();
    }

    // ---- every kind of item, each encoded its own way, keeps its value and its place ----

    /** Sizes around the point where a byte[] stops being copied into a batch and travels alone. */
    static final int[] BYTE_SIZES = {0, 1, 1023, 1024, 64 * 1024 - 2, 64 * 1024 - 1, 64 * 1024, 300 * 1024};

    static List<Object> mixedItems() {
        List<Object> items = new ArrayList<>();
        for (int size : BYTE_SIZES) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (i * 31 + size);
            }
            items.add(b);
            items.add(size);
            items.add((long) size << 33);
            items.add(size + 0.5);
            items.add(size % 2 == 0);
            items.add("item " + size);
            items.add(new ArrayList<>(List.of(size, "list")));
        }
        return items;
    }

    /** Puts each item, then scribbles over a byte[] it put: the queue must have taken a copy. */
    static void putMixedThenScribble(ProcessQueue<Object> q) {
        for (Object item : mixedItems()) {
            q.put(item);
            if (item instanceof byte[]) {
                java.util.Arrays.fill((byte[]) item, (byte) 0x55);
            }
        }
    }

    @Test
    void itemsOfEveryKindFromAChildArriveWholeAndInOrder() {
        try (ProcessQueue<Object> q = new ProcessQueue<>()) {
            ChildProcess child = new ChildProcess(ProcessQueueTest::putMixedThenScribble, q);
            child.start();
            for (Object expected : mixedItems()) {
                Object got = q.get(LONG);
                if (expected instanceof byte[]) {
                    assertTrue(got instanceof byte[], "expected a byte[], got " + got);
                    org.junit.jupiter.api.Assertions.assertArrayEquals((byte[]) expected, (byte[]) got);
                } else {
                    assertEquals(expected, got);
                }
            }
            join(child);
            assertTrue(q.empty());
        }
    }

    // ---- qsize (test_qsize) ----

    @Test
    void qsizeCountsPutsAndGets() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        assertEquals(0, q.qsize());
        q.put(1);
        assertEquals(1, q.qsize());
        q.put(5);
        assertEquals(2, q.qsize());
        q.get();
        assertEquals(1, q.qsize());
        q.get();
        assertEquals(0, q.qsize());
        q.close();
    }

    // ---- a bounded queue's remote puts wait for room ----

    static void putThree(ProcessQueue<Integer> q) {
        q.put(1);
        q.put(2);
        q.put(3);
    }

    @Test
    void remotePutsWaitForRoomInABoundedQueue() {
        ProcessQueue<Integer> q = new ProcessQueue<>(1);
        ChildProcess child = new ChildProcess(ProcessQueueTest::putThree, q);
        child.start();
        assertEquals(1, q.get(LONG));
        assertEquals(2, q.get(LONG));
        assertEquals(3, q.get(LONG));
        join(child);
        assertTrue(q.empty());
        q.close();
    }

    // ---- unserializable items fail the put itself (test_queue_feeder_donot_stop_onexc) ----

    static final class NotSerializable {
    }

    @Test
    void anUnserializableItemFailsItsPutAndTheQueueGoesOn() {
        ProcessQueue<Object> q = new ProcessQueue<>();
        q.put(1);
        SerializationException e = assertThrows(SerializationException.class, () -> q.put(new NotSerializable()));
        assertTrue(e.getMessage().contains("NotSerializable"), e.getMessage());
        q.put(2);
        assertEquals(2, q.qsize());
        assertEquals(1, q.get());
        assertEquals(2, q.get());
        q.close();
    }

    static void putBadThenGood(ProcessQueue<Object> q, SimpleQueue<String> report) {
        try {
            q.put(new NotSerializable());
            report.put("no exception");
        } catch (SerializationException e) {
            report.put("failed in put: " + e.getMessage().contains("NotSerializable"));
        }
        q.put("after");
    }

    @Test
    void anUnserializableItemFailsTheChildsPutAndItsNextItemsArrive() {
        ProcessQueue<Object> q = new ProcessQueue<>();
        SimpleQueue<String> report = new SimpleQueue<>();
        ChildProcess child = new ChildProcess(ProcessQueueTest::putBadThenGood, q, report);
        child.start();
        assertEquals("failed in put: true", report.get());
        assertEquals("after", q.get(LONG));
        join(child);
        assertEquals(0, q.qsize());
        q.close();
        report.close();
    }

    // ---- closed handles (test_closed_queue_put_get_exceptions) ----

    @Test
    void everyCallAfterCloseSaysClosed() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        q.put(1);
        q.close();
        q.close();
        assertTrue(q.isClosed());
        assertTrue(assertThrows(QueueClosedException.class, () -> q.put(2)).getMessage().contains("closed"));
        assertTrue(assertThrows(QueueClosedException.class, q::get).getMessage().contains("closed"));
        assertThrows(QueueClosedException.class, q::getNowait);
        assertThrows(QueueClosedException.class, q::qsize);
    }

    static void closeThenTry(ProcessQueue<Integer> q, SimpleQueue<String> report) {
        q.put(1);
        q.close();
        try {
            q.put(2);
            report.put("put worked");
        } catch (QueueClosedException e) {
            report.put("put: " + e.getMessage());
        }
        try {
            q.get();
            report.put("get worked");
        } catch (QueueClosedException e) {
            report.put("get: " + e.getMessage());
        }
    }

    @Test
    void aChildsCloseEndsOnlyItsHandle() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        SimpleQueue<String> report = new SimpleQueue<>();
        ChildProcess child = new ChildProcess(ProcessQueueTest::closeThenTry, q, report);
        child.start();
        assertTrue(report.get().startsWith("put: queue " ));
        assertTrue(report.get().contains("closed"));
        join(child);
        assertEquals(1, q.get(LONG));
        q.put(3);
        assertEquals(3, q.get());
        q.close();
        report.close();
    }

    // ---- a queue sent away and back is the same object ----

    static void sendBack(ProcessQueue<Integer> q, SimpleQueue<Object> back) {
        back.put(q);
    }

    @Test
    void aQueueSentToAChildAndBackIsTheSameObject() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        SimpleQueue<Object> back = new SimpleQueue<>();
        ChildProcess child = new ChildProcess(ProcessQueueTest::sendBack, q, back);
        child.start();
        assertSame(q, back.get());
        join(child);
        q.close();
        back.close();
    }

    @Test
    void nullIsRejected() {
        ProcessQueue<Integer> q = new ProcessQueue<>();
        assertThrows(NullPointerException.class, () -> q.put(null));
        assertThrows(UnsupportedOperationException.class, q::peek);
        q.close();
    }

    static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
