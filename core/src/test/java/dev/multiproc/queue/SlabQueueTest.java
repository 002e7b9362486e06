package dev.multiproc.queue;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.shm.SegmentFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Large items of an unbounded queue travel through the producer's slab (shared memory) and only a
 * reference goes through the owner: they still arrive whole, once, and in each producer's order,
 * whatever happens to the producer, the consumer or the owner, and no slab file outlives its use.
 */
class SlabQueueTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    /** Sizes around every boundary: below the slab threshold, at it, around 64 KiB frames, up to a quarter of a slab and over. */
    private static final int[] SIZES = {100, 511, 512, 513, 1000, 4096, 65_535, 65_536, 65_537, 200_000, 1 << 20, 4 << 20, (4 << 20) + 1};

    /** An item that says who made it: producer, sequence number, and a pattern derived from both. */
    static byte[] item(int producer, int seq, int size) {
        byte[] b = new byte[Math.max(size, 8)];
        ByteBuffer.wrap(b).putInt(producer).putInt(seq);
        for (int i = 8; i < b.length; i += 997) {
            b[i] = (byte) (producer * 31 + seq + i);
        }
        b[b.length - 1] = (byte) (seq ^ producer);
        return b;
    }

    static void check(byte[] got, int producer, int seq, int size) {
        if (!java.util.Arrays.equals(item(producer, seq, size), got)) {
            throw new AssertionError("item " + seq + " of producer " + producer + " (" + size + " bytes) arrived as "
                    + got.length + " bytes starting " + ByteBuffer.wrap(got).getInt() + "/" + ByteBuffer.wrap(got).getInt(4));
        }
    }

    static int sizeOf(int seq) {
        return SIZES[seq % SIZES.length];
    }

    /** This tree's slab files now. */
    static Set<Path> slabFiles() {
        String prefix = JvmProcess.current().resourcePrefix() + "slab-";
        try (Stream<Path> files = Files.list(SegmentFiles.directory())) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Set<Path> newSlabFiles(Set<Path> before) {
        Set<Path> now = new HashSet<>(slabFiles());
        now.removeAll(before);
        return now;
    }

    /**
     * Waits up to a minute for the owner to remove the slabs made since {@code before}: it does so
     * on its session thread once it has seen the producer's connection end, which happens after
     * the producer's exit. Woken by the directory's delete events, so no fixed sleep.
     */
    static void assertSlabsRemoved(Set<Path> before) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        Path dir = SegmentFiles.directory();
        try (WatchService watcher = dir.getFileSystem().newWatchService()) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_DELETE); // before the first look: no event is missed
            while (!newSlabFiles(before).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("slab files left: " + newSlabFiles(before));
                }
                WatchKey key = watcher.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot watch " + dir, e);
        }
    }

    static void join(ChildProcess p) {
        assertTrue(p.join(LONG), p + " did not exit");
        if (p.exitCode() != 0) {
            throw new AssertionError(p + " failed with exit code " + p.exitCode(), p.exception());
        }
    }

    static void produce(ProcessQueue<Object> q, int producer, int n) {
        for (int seq = 0; seq < n; seq++) {
            q.put(item(producer, seq, sizeOf(seq)));
            if (seq % 7 == 3 && seq < n - 1) { // never last: consumers stop at the last byte item
                q.put(text(producer, seq));
            }
        }
    }

    /** A value that is not a {@code byte[]}: it goes through the codec, and through the slab as encoded bytes. */
    static String text(int producer, int seq) {
        return "x".repeat(3000) + producer + "/" + seq;
    }

    /** Takes {@code total} byte items from {@code producers} producers and checks each producer's order. */
    static void consumeAndCheck(ProcessQueue<Object> q, int producers, int n) {
        int[] next = new int[producers];
        for (int taken = 0; taken < producers * n; ) {
            Object o = q.get(LONG);
            if (o == null) {
                throw new AssertionError("nothing arrived for a minute; next items " + java.util.Arrays.toString(next));
            }
            if (o instanceof String) {
                String s = (String) o;
                String[] who = s.substring(s.lastIndexOf('x') + 1).split("/");
                int producer = Integer.parseInt(who[0]);
                int seq = Integer.parseInt(who[1]);
                if (seq != next[producer] - 1 || !s.equals(text(producer, seq))) {
                    throw new AssertionError("string " + seq + " of producer " + producer + " out of order or torn");
                }
                continue;
            }
            byte[] b = (byte[]) o;
            int producer = ByteBuffer.wrap(b).getInt();
            int seq = next[producer]++;
            check(b, producer, seq, sizeOf(seq));
            taken++;
        }
    }

    @Test
    void itemsOfManySizesFromSeveralProducersArriveWholeAndInEachProducersOrder() throws InterruptedException {
        Set<Path> before = slabFiles();
        int producers = 3;
        int n = 120;
        ProcessQueue<Object> q = new ProcessQueue<>();
        ChildProcess consumer = new ChildProcess(() -> consumeAndCheck(q, producers, n));
        consumer.start();
        ChildProcess[] ps = new ChildProcess[producers];
        for (int i = 0; i < producers; i++) {
            int producer = i;
            ps[i] = new ChildProcess(() -> produce(q, producer, n));
            ps[i].start();
        }
        for (ChildProcess p : ps) {
            join(p);
        }
        join(consumer);
        assertNull(q.poll());
        assertSlabsRemoved(before);
        q.close();
    }

    @Test
    void theOwnerTakesSlabItemsFromItsOwnMapping() throws InterruptedException {
        Set<Path> before = slabFiles();
        ProcessQueue<Object> q = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(() -> produce(q, 0, 60));
        producer.start();
        consumeAndCheck(q, 1, 60);
        join(producer);
        assertSlabsRemoved(before);
        q.close();
    }

    /** 1 MiB and 1 KiB items alternately: 80 MiB for 160 items, more than a slab (64 MiB) holds. */
    static int fillSize(int seq) {
        return seq % 2 == 0 ? 1 << 20 : 1 << 10;
    }

    static void fillWithoutReader(ProcessQueue<Object> q, int n) {
        for (int seq = 0; seq < n; seq++) {
            q.put(item(0, seq, fillSize(seq)));
        }
    }

    @Test
    void aProducerThatFillsItsSlabGoesOnInlineAndItsSlabOutlivesItUntilDrained() throws InterruptedException {
        Set<Path> before = slabFiles();
        int n = 160;
        ProcessQueue<Object> q = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(() -> fillWithoutReader(q, n));
        producer.start();
        join(producer); // it exits with every item put and none taken
        assertEquals(1, newSlabFiles(before).size(), "the producer's slab holds items nobody took: it must still exist");
        ChildProcess consumer = new ChildProcess(() -> {
            for (int seq = 0; seq < n / 2; seq++) {
                check((byte[]) q.get(LONG), 0, seq, fillSize(seq));
            }
        });
        consumer.start();
        join(consumer);
        for (int seq = n / 2; seq < n; seq++) {
            check((byte[]) q.get(LONG), 0, seq, fillSize(seq));
        }
        assertNull(q.poll());
        assertSlabsRemoved(before);
        q.close();
    }

    static void takeAndReport(ProcessQueue<Object> q, ProcessQueue<Integer> seen, int k) {
        for (int i = 0; i < k; i++) {
            byte[] b = (byte[]) q.get();
            seen.put(ByteBuffer.wrap(b).getInt(4));
        }
        QueueFaultTest.blockForever();
    }

    @Test
    void aConsumerKilledHoldingSlabReferencesLosesNothingItDidNotTake() throws InterruptedException {
        Set<Path> before = slabFiles();
        int n = 300;
        int k = 10;
        ProcessQueue<Object> q = new ProcessQueue<>();
        ProcessQueue<Integer> seen = new ProcessQueue<>(1_000); // bounded: each report is confirmed
        ChildProcess producer = new ChildProcess(() -> {
            for (int seq = 0; seq < n; seq++) {
                q.put(item(0, seq, 2048));
            }
        });
        producer.start();
        join(producer);
        ChildProcess consumer = new ChildProcess(() -> takeAndReport(q, seen, k));
        consumer.start();
        for (int i = 0; i < k; i++) {
            assertEquals(i, seen.get(LONG));
        }
        QueueFaultTest.killAndWait(consumer); // it held a prefetched batch of references
        // Every item it did not take, intact. Its batch goes back to the head of the queue once
        // the owner sees its connection end, which may come after the first gets here: so the
        // items arrive as two runs, each in order (the returned batch, and the items never
        // fetched), not necessarily one after the other.
        boolean[] got = new boolean[n];
        int lastReturned = k - 1;
        int lastNeverFetched = -1;
        for (int i = k; i < n; i++) {
            byte[] b = (byte[]) q.get(LONG);
            int seq = ByteBuffer.wrap(b).getInt(4);
            check(b, 0, seq, 2048);
            assertTrue(seq >= k && !got[seq], "item " + seq + " again, or taken before the kill");
            got[seq] = true;
            if (seq == lastReturned + 1) {
                lastReturned = seq;
            } else {
                assertTrue(seq > lastNeverFetched, "item " + seq + " after item " + lastNeverFetched);
                lastNeverFetched = seq;
            }
        }
        assertNull(q.poll());
        assertSlabsRemoved(before);
        q.close();
        seen.close();
    }

    /** Takes items until an empty one; checks that its own items come in increasing order and reports each. */
    static void takeUntilEmptyAndReport(ProcessQueue<Object> q, ProcessQueue<Integer> seen) {
        int last = -1;
        while (true) {
            byte[] b = (byte[]) q.get(LONG);
            if (b.length == 0) {
                return;
            }
            int seq = ByteBuffer.wrap(b).getInt(4);
            check(b, 0, seq, 3000);
            if (seq <= last) {
                throw new AssertionError("item " + seq + " after item " + last);
            }
            last = seq;
            seen.put(seq);
        }
    }

    @Test
    void twoConsumersShareSlabItemsEachExactlyOnceAndInOrder() throws InterruptedException {
        Set<Path> before = slabFiles();
        int n = 2_000;
        ProcessQueue<Object> q = new ProcessQueue<>();
        ProcessQueue<Integer> seen = new ProcessQueue<>();
        ChildProcess first = new ChildProcess(() -> takeUntilEmptyAndReport(q, seen));
        first.start();
        ChildProcess producer = new ChildProcess(() -> {
            for (int seq = 0; seq < n; seq++) {
                q.put(item(0, seq, 3000));
            }
            q.put(new byte[0]);
            q.put(new byte[0]);
        });
        producer.start();
        Integer firstReported = seen.get(LONG); // the first consumer holds a prefetched batch by now
        ChildProcess second = new ChildProcess(() -> takeUntilEmptyAndReport(q, seen)); // it is recalled
        second.start();
        join(producer);
        join(first);
        join(second);
        Set<Integer> got = new HashSet<>();
        got.add(firstReported);
        Integer seq;
        while ((seq = seen.poll()) != null) {
            assertTrue(got.add(seq), "item " + seq + " delivered twice");
        }
        assertEquals(n, got.size(), "items lost");
        assertSlabsRemoved(before);
        q.close();
        seen.close();
    }

    static void ownPutAndExit(SimpleQueue<String> report) {
        ProcessQueue<Object> mine = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(() -> {
            for (int seq = 0; seq < 50; seq++) {
                mine.put(item(1, seq, 10_000));
            }
        });
        producer.start();
        assertTrue(producer.join(LONG));
        check((byte[]) mine.get(LONG), 1, 0, 10_000);
        report.put(String.valueOf(slabFiles().size()));
        mine.close(); // 49 items, and their slab, are left in the queue
    }

    @Test
    void anOwnerThatExitsWithSlabItemsQueuedLeavesNoSlabFile() throws InterruptedException {
        Set<Path> before = slabFiles();
        SimpleQueue<String> report = new SimpleQueue<>();
        ChildProcess owner = new ChildProcess(() -> ownPutAndExit(report));
        owner.start();
        assertEquals(String.valueOf(before.size() + 1), report.get(), "the owner's queue had no slab in use");
        join(owner);
        assertEquals(Set.of(), newSlabFiles(before), "the owner exited and left its slab");
        report.close();
    }

    @Test
    void smallItemsAndBoundedQueuesUseNoSlab() {
        Set<Path> before = slabFiles();
        ProcessQueue<Object> bounded = new ProcessQueue<>(5);
        ProcessQueue<Object> small = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(() -> {
            for (int seq = 0; seq < 20; seq++) {
                bounded.put(item(0, seq, 4096));
                small.put(item(0, seq, 100));
            }
        });
        producer.start();
        for (int seq = 0; seq < 20; seq++) {
            check((byte[]) bounded.get(LONG), 0, seq, 4096);
            check((byte[]) small.get(LONG), 0, seq, 100);
        }
        join(producer);
        assertFalse(newSlabFiles(before).stream().findAny().isPresent(), "a slab for a bounded queue or small items");
        bounded.close();
        small.close();
    }

    @Test
    void anItemPutTwiceArrivesTwiceWithItsOwnContent() {
        ProcessQueue<Object> q = new ProcessQueue<>();
        ChildProcess producer = new ChildProcess(() -> {
            byte[] reused = new byte[4096];
            for (int seq = 0; seq < 100; seq++) {
                ByteBuffer.wrap(reused).putInt(0, seq);
                q.put(reused); // the caller's array changes after each put: each item must keep its own bytes
            }
        });
        producer.start();
        for (int seq = 0; seq < 100; seq++) {
            byte[] b = (byte[]) q.get(LONG);
            assertEquals(seq, ByteBuffer.wrap(b).getInt(0));
            assertArrayEquals(new byte[4092], java.util.Arrays.copyOfRange(b, 4, 4096));
        }
        join(producer);
        q.close();
    }
}
