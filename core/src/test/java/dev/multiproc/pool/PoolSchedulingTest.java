package dev.multiproc.pool;

import dev.multiproc.shared.SharedInt;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where the dispatcher puts chunks: a chunk never waits behind a running one on a worker while the
 * call's bound would let it run elsewhere.
 */
class PoolSchedulingTest {
    /** How long a task waits for a partner before it gives up and says so. */
    private static final long PARTNER_WAIT_NANOS = 5_000_000_000L;

    /**
     * Counts itself running, then waits until a second task runs alongside (the last task of the
     * call has no partner) and records whether it had to give up waiting.
     */
    static int waitForPartner(SharedInt started, SharedInt running, SharedInt peak, SharedInt alone, int total, int x) {
        started.incrementAndGet();
        int now = running.incrementAndGet();
        peak.updateAndGet(p -> Math.max(p, now));
        long deadline = System.nanoTime() + PARTNER_WAIT_NANOS;
        while (running.get() < 2 && started.get() < total) {
            if (System.nanoTime() > deadline) {
                alone.incrementAndGet();
                break;
            }
            Thread.onSpinWait();
        }
        running.decrementAndGet();
        return x;
    }

    @Test
    void aCallBoundToTwoWorkersKeepsTwoChunksRunningUntilItsLast() {
        int total = 12;
        List<Integer> items = IntStream.range(0, total).boxed().collect(Collectors.toList());
        try (SharedInt started = new SharedInt(); SharedInt running = new SharedInt(); SharedInt peak = new SharedInt();
             SharedInt alone = new SharedInt(); Pool pool = new Pool(3)) {
            ImapOptions options = ImapOptions.unordered().maxWorkers(2);
            List<Integer> results = new ArrayList<>();
            try (ImapIterator<Integer> it = pool.imap(x -> waitForPartner(started, running, peak, alone, total, x), items, options)) {
                while (it.hasNext()) {
                    results.add(it.next(java.time.Duration.ofSeconds(60)));
                }
            }
            results.sort(null);
            assertEquals(items, results);
            assertEquals(2, peak.get(), "most tasks running at once");
            // before: once chunks were known to be short, a worker was sent a second chunk behind
            // its running one while the other worker the bound allowed sat idle, so that chunk
            // waited for a partner that could not start
            assertEquals(0, alone.get(), "tasks that found no partner running alongside");
        }
    }

    /** Item 0 waits until every other item has started; the others return at once. */
    static int firstWaitsForAll(SharedInt started, SharedInt alone, int total, int x) {
        started.incrementAndGet();
        if (x == 0) {
            long deadline = System.nanoTime() + PARTNER_WAIT_NANOS;
            while (started.get() < total) {
                if (System.nanoTime() > deadline) {
                    alone.incrementAndGet();
                    break;
                }
                Thread.onSpinWait();
            }
        }
        return x;
    }

    @Test
    void noChunkIsQueuedBehindOneThatHasRunLong() {
        int total = 200;
        List<Integer> items = IntStream.range(0, total).boxed().collect(Collectors.toList());
        try (SharedInt started = new SharedInt(); SharedInt alone = new SharedInt(); Pool pool = new Pool(2)) {
            List<Integer> results = new ArrayList<>();
            try (ImapIterator<Integer> it = pool.imap(x -> firstWaitsForAll(started, alone, total, x), items,
                    ImapOptions.unordered())) {
                while (it.hasNext()) {
                    results.add(it.next(java.time.Duration.ofSeconds(60)));
                }
            }
            results.sort(null);
            assertEquals(items, results);
            // before: once the other chunks were known to be short, chunks were queued behind item 0
            // too, and could not start until it gave up
            assertEquals(0, alone.get(), "item 0 gave up waiting for the others to start");
        }
    }
}
