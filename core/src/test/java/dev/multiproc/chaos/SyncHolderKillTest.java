package dev.multiproc.chaos;

import dev.multiproc.ChildProcess;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.sync.ProcessLock;
import dev.multiproc.sync.ProcessSemaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes killed with SIGKILL at random moments of an acquire/release loop: every permit and
 * every lock comes back, whatever instruction the holder died at. The moment is a random number of
 * loop iterations (seeded), counted in shared memory. {@code -Dmultiproc.chaos.trials=N} sets the
 * trials per primitive (10 by default; 30 in the long run).
 */
class SyncHolderKillTest {
    private static final int TRIALS = Integer.getInteger("multiproc.chaos.trials", 10);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Test
    @Timeout(600)
    void noSemaphorePermitIsLostWhenHoldersAreKilledAtRandomMoments() throws Exception {
        Random random = new Random(5);
        try (ProcessSemaphore sem = new ProcessSemaphore(2)) {
            for (int trial = 0; trial < TRIALS; trial++) {
                SharedLong loops = SharedLong.raw();
                killAfter(loops, 2_000 + random.nextInt(40_000), () -> {
                    while (true) {
                        sem.acquireUninterruptibly();
                        sem.release();
                        loops.incrementAndGet();
                    }
                });
                for (int permit = 0; permit < 2; permit++) {
                    assertTrue(sem.tryAcquire(RECOVERY), "trial " + trial + ": permit " + permit + " lost");
                }
                assertEquals(0, sem.availablePermits(), "trial " + trial + ": a permit was created");
                sem.release();
                sem.release();
            }
        }
    }

    @Test
    @Timeout(600)
    void aLockIsRecoveredWhenHoldersAreKilledAtRandomMoments() throws Exception {
        Random random = new Random(7);
        try (ProcessLock lock = new ProcessLock()) {
            for (int trial = 0; trial < TRIALS; trial++) {
                SharedLong loops = SharedLong.raw();
                killAfter(loops, 2_000 + random.nextInt(40_000), () -> {
                    while (true) {
                        lock.lock();
                        lock.unlock();
                        loops.incrementAndGet();
                    }
                });
                assertTrue(lock.tryLock(RECOVERY), "trial " + trial + ": the lock was not recovered");
                lock.unlock();
                assertTrue(!lock.isLocked());
            }
        }
    }

    /** Runs {@code loop} in a child and kills it once {@code loops} reaches {@code after}. */
    static void killAfter(SharedLong loops, long after, SerializableRunnable loop) throws InterruptedException {
        ChildProcess child = new ChildProcess(loop);
        child.start();
        try {
            while (loops.get() < after && child.isAlive()) {
                Thread.onSpinWait();
            }
            child.kill();
            assertTrue(child.join(RECOVERY));
            assertEquals(-9, child.exitCode(), "the loop ended by itself: " + child.exception());
        } finally {
            child.close();
        }
    }
}
