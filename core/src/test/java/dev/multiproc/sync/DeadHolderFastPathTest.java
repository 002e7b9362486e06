package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.internal.shm.LockDescriptor;
import dev.multiproc.internal.shm.Memory;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The non-blocking acquires ({@code tryLock()}, {@code tryAcquire()}) recover what a dead process
 * held, as the waiting ones do, and say so with {@code ownerDied()}.
 */
class DeadHolderFastPathTest {

    /** A token whose pid is alive (our parent) but whose start time is not: a dead owner's pid reused. */
    private static long deadOwner() {
        long livePid = ProcessHandle.current().parent().orElseThrow().pid();
        return (12345L << 32) | livePid;
    }

    @Test
    void tryLockTakesOverALockWhoseHolderDied() {
        try (ProcessLock lock = new ProcessLock()) {
            Memory.LONG.setVolatile(lock.segment().buffer(), lock.region() + LockDescriptor.OWNER_OFFSET, deadOwner());
            assertTrue(lock.isLocked());
            assertTrue(lock.tryLock(), "a dead holder's lock is free to take");
            assertTrue(lock.ownerDied());
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), lock.ownerPid());
            lock.unlock();
            assertTrue(lock.tryLock());
            assertFalse(lock.ownerDied());
            lock.unlock();
        }
    }

    @Test
    void tryLockLeavesALiveHolderAloneAndTakesOverFromAKilledOne() throws Exception {
        try (ProcessLock lock = new ProcessLock()) {
            killWhileHolding(lock::lock, () -> assertFalse(lock.tryLock()));
            assertTrue(lock.tryLock(), "the killed holder's lock, taken without waiting");
            assertTrue(lock.ownerDied());
            lock.unlock();
        }
    }

    @Test
    void reentrantTryLockTakesOverALockWhoseHolderDied() throws Exception {
        try (ReentrantProcessLock lock = new ReentrantProcessLock()) {
            killWhileHolding(lock::lock, () -> { });
            assertTrue(lock.tryLock());
            assertTrue(lock.ownerDied());
            lock.unlock();
        }
    }

    @Test
    void tryAcquireGivesBackThePermitsOfAKilledHolder() throws Exception {
        try (ProcessSemaphore sem = new ProcessSemaphore(1)) {
            killWhileHolding(sem::acquireUninterruptibly, () -> assertFalse(sem.tryAcquire()));
            assertTrue(sem.tryAcquire(), "the killed holder's permit, taken without waiting");
            assertTrue(sem.ownerDied());
            sem.release();
        }
    }

    /** A child runs {@code take} and blocks; {@code whileHeld} runs here, then the child is killed. */
    private static void killWhileHolding(SerializableRunnable take, Runnable whileHeld) throws Exception {
        try (ProcessEvent holding = new ProcessEvent()) {
            ChildProcess holder = new ChildProcess(() -> {
                take.run();
                holding.set();
                Processes.blockForever();
            });
            holder.start();
            try {
                assertTrue(holding.await(Processes.JOIN));
                whileHeld.run();
                holder.kill();
                assertTrue(holder.join(Processes.JOIN));
            } finally {
                holder.close();
            }
        }
    }
}
