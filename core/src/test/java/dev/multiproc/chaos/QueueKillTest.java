package dev.multiproc.chaos;

import dev.multiproc.ChildProcess;
import dev.multiproc.queue.ProcessQueue;
import dev.multiproc.queue.QueueEmptyException;
import dev.multiproc.shared.SharedLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A producer and a consumer of one {@link ProcessQueue}, each killed with SIGKILL at a random
 * moment of a transfer of small and large items: every item anyone receives is whole and in
 * order, and nothing is lost that was not taken. After both are dead, what the consumer took and
 * what is left in the queue are, together, the items the producer finished putting, in order, with
 * at most one missing between them (the one the consumer held when it died) and at most one more
 * at the end (the one the producer was putting when it died); an unbounded queue streams its puts,
 * so a producer killed with puts still in its buffers loses those (counted, as with Python's
 * feeder thread), and a bounded queue, which answers each put, loses none. The moments are random
 * numbers of finished puts and gets, or a random delay (seeded). {@code -Dmultiproc.chaos.queueKills=N} sets the trials (4 by
 * default, 30 in the long run); odd trials use a bounded queue, whose puts are answered one by one.
 */
class QueueKillTest {
    private static final int TRIALS = Integer.getInteger("multiproc.chaos.queueKills", 4);
    private static final int ITEMS = 300;
    private static final long SEED = 19;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final long POLL_NANOS = 1_000_000;
    private static final int BOUNDED_SIZE = 8;
    /** How long the queue must stay empty for the drain to end. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Test
    @Timeout(900)
    void onlyWholeItemsAndNothingLostWhenProducerAndConsumerAreKilledAtRandomMoments() throws Exception {
        Random random = new Random(SEED);
        Figures figures = new Figures();
        for (int trial = 0; trial < TRIALS; trial++) {
            boolean bounded = trial % 2 == 1;
            boolean producerFirst = random.nextBoolean();
            long firstAt = random.nextInt(ITEMS);
            long secondAfter = random.nextInt(ITEMS / 4);
            try (ProcessQueue<byte[]> queue = bounded ? new ProcessQueue<>(BOUNDED_SIZE) : new ProcessQueue<>();
                 SharedLong put = SharedLong.raw();
                 SharedLong taken = SharedLong.raw();
                 SharedLong torn = SharedLong.raw(-1)) {
                ChildProcess producer = new ChildProcess(QueueKillTest::produce, queue, put);
                ChildProcess consumer = new ChildProcess(QueueKillTest::consume, queue, taken, torn);
                consumer.start();
                producer.start();
                if (producerFirst) {
                    killWhen(producer, put, firstAt);
                    // what the consumer can still take is not known (an unbounded queue's producer may
                    // have died with puts unsent): its moment is a random delay, draining or blocked in get
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(secondAfter * 4));
                    killWhen(consumer, taken, 0);
                } else {
                    killWhen(consumer, taken, firstAt);
                    killWhen(producer, put, put.get() + secondAfter);
                }
                assertEquals(-1, torn.get(), "trial " + trial + ": the consumer received a torn or out-of-order item");
                check(trial, bounded, queue, put.get(), taken.get(), producer.exitCode() == -9, figures);
                producer.close();
                consumer.close();
            }
        }
        System.out.printf("queue kills (seed %d): %d trials, 0 torn, 0 lost; %d with an item the killed consumer held,"
                + " %d with the killed producer's last item in the queue, %d items of returned puts a killed producer had"
                + " not yet sent (unbounded queue), %d producers finished first%n",
                SEED, TRIALS, figures.consumerHeldOne, figures.producerLeftOne, figures.unsent, figures.producerFinished);
    }

    private static final class Figures {
        int consumerHeldOne;
        int producerLeftOne;
        long unsent;
        int producerFinished;
    }

    /**
     * What the queue holds once both are dead: whole items, none twice, numbered from where the
     * consumer stopped (or one later: the item it held) to where the producer stopped.
     */
    private static void check(int trial, boolean bounded, ProcessQueue<byte[]> queue, long puts, long taken,
                              boolean producerKilled, Figures figures) {
        // a dead consumer's fetched items go back to the head of the queue once the owner sees its
        // connection end, which may come after this drain has begun: drain until the queue stays empty
        TreeSet<Long> left = new TreeSet<>();
        while (true) {
            byte[] item;
            try {
                item = queue.get(QUIET);
            } catch (QueueEmptyException quiet) {
                break;
            }
            assertTrue(whole(item), "trial " + trial + ": item " + sequence(item) + " is torn");
            assertTrue(left.add(sequence(item)), "trial " + trial + ": item " + sequence(item) + " twice");
        }
        long from = taken;
        if (!left.isEmpty() && left.first() == taken + 1) {
            figures.consumerHeldOne++; // taken from the queue by the consumer, which died before counting it
            from++;
        }
        long end = from + left.size();
        long first = from;
        assertTrue(left.isEmpty() || left.first() == from && left.last() == end - 1,
                () -> "trial " + trial + ": items lost: the queue holds " + left.size() + " items from " + left.first()
                        + " to " + left.last() + ", not " + first + " to " + (end - 1));
        // a bounded queue answers each put when it holds the item; an unbounded one streams puts, and
        // a producer killed with items still in its buffers loses those (as Python's feeder thread does)
        boolean heldTheLastOne = left.isEmpty() && end + 1 >= puts;
        if (bounded || !producerKilled) {
            assertTrue(end == puts || end == puts + 1 && producerKilled || heldTheLastOne && end + 1 == puts,
                    "trial " + trial + ": the queue ended at item " + end + " but " + puts + " puts had returned");
        } else {
            assertTrue(end <= puts + 1, "trial " + trial + ": item " + end + " was never put (" + puts + " puts returned)");
            figures.unsent += Math.max(0, puts - end - (heldTheLastOne ? 1 : 0));
        }
        if (end == puts + 1) {
            figures.producerLeftOne++;
        }
        if (!producerKilled) {
            figures.producerFinished++;
        }
    }

    /** Kills {@code process} once {@code progress} reaches {@code at} (or it has ended by itself). */
    private static void killWhen(ChildProcess process, SharedLong progress, long at) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (progress.get() < at && process.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        process.kill();
        assertTrue(process.join(BOUND), "a killed process did not exit");
        assertTrue(process.exitCode() == -9 || process.exitCode() == 0, "exit code " + process.exitCode());
    }

    /** The size of item {@code i}: mostly a few KB, one in sixteen 1-2 MiB, so that kills land in large transfers too. */
    static int size(long i) {
        Random sizes = new Random(SEED * 1_000_003 + i);
        return sizes.nextInt(16) == 0 ? (1 << 20) + sizes.nextInt(1 << 20) : 16 + sizes.nextInt(8 << 10);
    }

    static byte[] item(long i) {
        int size = size(i);
        byte[] b = new byte[size];
        ByteBuffer.wrap(b).putLong(0, i);
        for (int k = Long.BYTES; k < size; k++) {
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    static long sequence(byte[] item) {
        return ByteBuffer.wrap(item).getLong(0);
    }

    static boolean whole(byte[] item) {
        long i = sequence(item);
        if (item.length != size(i)) {
            return false;
        }
        for (int k = Long.BYTES; k < item.length; k++) {
            if (item[k] != (byte) (i * 31 + k)) {
                return false;
            }
        }
        return true;
    }

    /** In the producer: puts items 0, 1, 2, ... counting each put that returned. */
    static void produce(ProcessQueue<byte[]> queue, SharedLong put) {
        for (long i = 0; i < ITEMS; i++) {
            queue.put(item(i));
            put.incrementAndGet();
        }
    }

    /** In the consumer: takes items, checks each, counts each checked one; records the first bad sequence in {@code torn}. */
    static void consume(ProcessQueue<byte[]> queue, SharedLong taken, SharedLong torn) {
        while (true) {
            byte[] got = queue.get();
            if (sequence(got) != taken.get() || !whole(got)) {
                torn.compareAndSet(-1, sequence(got));
            }
            taken.incrementAndGet();
        }
    }
}
