package dev.multiproc.chaos;

import dev.multiproc.MultiprocessingContext;
import dev.multiproc.pool.ImapIterator;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.shared.SharedLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pool workers killed with SIGKILL at random moments of a {@code map} or an {@code imap}: the call
 * either returns every result once and in order, or fails with {@link WorkerDiedException}; it
 * never hangs, never returns a wrong, lost or duplicated result, and the pool works afterwards.
 * The moment is a random number of finished tasks (seeded). {@code -Dmultiproc.chaos.trials=N}
 * sets the trials per call (10 by default).
 */
class WorkerKillTest {
    private static final int TRIALS = Integer.getInteger("multiproc.chaos.trials", 10);
    private static final int ITEMS = 300;

    @Test
    @Timeout(900)
    void mapUnderRandomWorkerKills() throws Exception {
        run(11, (pool, done) -> pool.map(x -> step(done, x), range(), 5));
    }

    @Test
    @Timeout(900)
    void imapUnderRandomWorkerKills() throws Exception {
        run(13, (pool, done) -> {
            List<Integer> out = new ArrayList<>();
            try (ImapIterator<Integer> it = pool.imap(x -> step(done, x), range(), 5)) {
                it.forEachRemaining(out::add);
            }
            return out;
        });
    }

    interface Call {
        List<Integer> run(Pool pool, SharedLong done);
    }

    private static void run(long seed, Call call) throws Exception {
        Random random = new Random(seed);
        List<Integer> expected = range().stream().map(x -> x * x).collect(Collectors.toList());
        int completed = 0;
        int failed = 0;
        try (MultiprocessingContext warm = MultiprocessingContext.builder().standby(2).build();
             Pool pool = Pool.builder().processes(2).context(warm).build()) {
            for (int trial = 0; trial < TRIALS; trial++) {
                SharedLong done = SharedLong.raw();
                long killAt = random.nextInt(ITEMS);
                int victim = random.nextInt(2);
                CompletableFuture<List<Integer>> result = CompletableFuture.supplyAsync(() -> call.run(pool, done));
                while (done.get() < killAt && !result.isDone()) {
                    Thread.onSpinWait();
                }
                List<Long> pids = pool.workerPids();
                java.util.Optional<ProcessHandle> killed = pids.isEmpty() ? java.util.Optional.empty()
                        : ProcessHandle.of(pids.get(victim % pids.size()));
                killed.ifPresent(ProcessHandle::destroyForcibly);
                try {
                    assertEquals(expected, result.get(120, TimeUnit.SECONDS), "trial " + trial);
                    completed++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof WorkerDiedException, "trial " + trial + ": " + e.getCause());
                    failed++;
                }
                // a kill that lands after the call returned may hit the next one: let the pool replace the worker first
                if (killed.isPresent()) {
                    killed.get().onExit().get(60, TimeUnit.SECONDS);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (pool.workerPids().contains(killed.get().pid()) && System.nanoTime() < deadline) {
                        Thread.onSpinWait(); // the supervisor notices the exit within milliseconds
                    }
                }
                assertTrue(pool.awaitReady(java.time.Duration.ofSeconds(60)), "trial " + trial + ": the pool is not full again");
                assertEquals(expected.subList(0, 10), pool.map(x -> x * x, range().subList(0, 10)),
                        "trial " + trial + ": the pool works after the kill");
            }
        }
        System.out.printf("worker kills (seed %d): %d trials, %d completed, %d failed with WorkerDiedException%n",
                seed, TRIALS, completed, failed);
        assertEquals(TRIALS, completed + failed);
    }

    /** One task: about a millisecond of work, so that kills land while tasks run. */
    static int step(SharedLong done, int x) {
        long end = System.nanoTime() + 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        done.incrementAndGet();
        return x * x;
    }

    private static List<Integer> range() {
        return IntStream.range(0, ITEMS).boxed().collect(Collectors.toList());
    }
}
