package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import dev.multiproc.shared.SharedLong;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestLock.test_rlock}, owner-only release, and recovery from a dead owner. */
class ReentrantProcessLockTest {

    @Test
    void theOwnerMayAcquireRepeatedlyAndReleasesAsOften() {
        try (ReentrantProcessLock lock = new ReentrantProcessLock()) {
            lock.lock();
            assertTrue(lock.tryLock());
            lock.lock();
            assertEquals(3, lock.getHoldCount());
            lock.unlock();
            lock.unlock();
            assertTrue(lock.isLocked());
            lock.unlock();
            assertFalse(lock.isLocked());
            assertEquals(0, lock.getHoldCount());
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
        }
    }

    @Test
    void onlyTheOwningThreadMayRelease() throws Exception {
        try (ReentrantProcessLock lock = new ReentrantProcessLock()) {
            lock.lock();
            Throwable[] failure = new Throwable[1];
            boolean[] acquired = {true};
            Thread other = new Thread(() -> {
                try {
                    lock.unlock();
                } catch (IllegalMonitorStateException e) {
                    failure[0] = e;
                }
                acquired[0] = lock.tryLock();
            });
            other.start();
            other.join();
            assertTrue(failure[0] instanceof IllegalMonitorStateException);
            assertFalse(acquired[0], "another thread cannot take a held reentrant lock");
            lock.unlock();
        }
    }

    @Test
    void aChildProcessWaitsForTheParentsHolds() {
        try (ReentrantProcessLock lock = new ReentrantProcessLock();
             SharedLong seen = SharedLong.raw();
             ProcessEvent trying = new ProcessEvent()) {
            lock.lock();
            lock.lock();
            ChildProcess child = new ChildProcess(() -> {
                Processes.check(!lock.tryLock(), "the parent holds the lock");
                trying.set();
                lock.lock();
                try {
                    seen.set(seen.get() + 1);
                } finally {
                    lock.unlock();
                }
            });
            child.start();
            assertTrue(trying.await(Processes.JOIN));
            seen.set(41);
            lock.unlock();
            assertTrue(lock.isLocked(), "one hold remains");
            lock.unlock();
            Processes.join(child);
            assertEquals(42, seen.get());
        }
    }

    @Test
    void aLockHeldByAKilledProcessIsRecovered() throws Exception {
        try (ReentrantProcessLock lock = new ReentrantProcessLock(); ProcessEvent holding = new ProcessEvent()) {
            ChildProcess holder = new ChildProcess(() -> {
                lock.lock();
                lock.lock();
                holding.set();
                Processes.blockForever();
            });
            holder.start();
            try {
                assertTrue(holding.await(Processes.JOIN));
                assertEquals(OptionalLong.of(holder.pid()), lock.ownerPid());
                holder.kill();
                assertTrue(holder.join(Processes.JOIN));
            } finally {
                holder.close();
            }
            assertTrue(lock.tryLock(Duration.ofSeconds(30)));
            assertTrue(lock.ownerDied());
            assertEquals(1, lock.getHoldCount(), "the dead owner's holds are not inherited");
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }
}
