package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.shm.LockDescriptor;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.shared.SharedLong;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestLock} (Lock half), plus the robustness this library adds. */
class ProcessLockTest {

    @Test
    void acquireReleaseAndReleasingAnUnlockedLockThrows() {
        try (ProcessLock lock = new ProcessLock()) {
            assertTrue(lock.tryLock());
            assertFalse(lock.tryLock(), "a second acquire(False) fails: the lock is not reentrant");
            assertTrue(lock.isLocked());
            assertTrue(lock.isHeldByCurrentThread());
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), lock.ownerPid());
            lock.unlock();
            assertFalse(lock.isLocked());
            IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, lock::unlock);
            assertTrue(e.getMessage().contains("unlocked"), e.getMessage());
        }
    }

    @Test
    void anotherThreadMayReleaseIt() throws Exception {
        try (ProcessLock lock = new ProcessLock()) {
            lock.lock();
            Thread other = new Thread(lock::unlock);
            other.start();
            other.join();
            assertFalse(lock.isLocked());
            assertTrue(lock.tryLock());
            lock.unlock();
        }
    }

    @Test
    void aTimedAcquireReturnsFalseAfterAboutTheTimeout() throws Exception {
        try (ProcessLock lock = new ProcessLock()) {
            lock.lock();
            long[] elapsed = new long[1];
            boolean[] acquired = {true};
            Thread waiter = new Thread(() -> {
                long start = System.nanoTime();
                acquired[0] = lock.tryLock(Duration.ofMillis(300));
                elapsed[0] = System.nanoTime() - start;
            });
            waiter.start();
            waiter.join();
            assertFalse(acquired[0]);
            assertTrue(elapsed[0] >= TimeUnit.MILLISECONDS.toNanos(290), "returned early: " + elapsed[0]);
            assertTrue(elapsed[0] < TimeUnit.SECONDS.toNanos(5), "returned late: " + elapsed[0]);
            assertFalse(lock.tryLock(0, TimeUnit.SECONDS));
            lock.unlock();
        }
    }

    @Test
    void threadsUpdatingUnderTheLockLoseNothing() throws Exception {
        try (ProcessLock lock = new ProcessLock(); SharedLong counter = SharedLong.raw()) {
            int threads = 4;
            int perThread = 20_000;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        lock.lock();
                        try {
                            counter.set(counter.get() + 1);    // deliberately not atomic
                        } finally {
                            lock.unlock();
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            assertEquals(threads * perThread, counter.get());
        }
    }

    @Test
    void processesUpdatingUnderTheLockLoseNothing() {
        try (ProcessLock lock = new ProcessLock(); SharedLong counter = SharedLong.raw()) {
            int perProcess = 20_000;
            List<ChildProcess> children = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                ChildProcess p = new ChildProcess((SharedLong n) -> {
                    for (int i = 0; i < perProcess; i++) {
                        lock.lock();
                        try {
                            n.set(n.get() + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                }, counter);
                p.start();
                children.add(p);
            }
            for (int i = 0; i < perProcess; i++) {
                lock.lock();
                try {
                    counter.set(counter.get() + 1);
                } finally {
                    lock.unlock();
                }
            }
            Processes.joinAll(children);
            assertEquals(3L * perProcess, counter.get());
        }
    }

    @Test
    void aLockHeldByAKilledProcessIsRecoveredAndTheNextOwnerIsTold() throws Exception {
        try (ProcessLock lock = new ProcessLock(); ProcessEvent holding = new ProcessEvent()) {
            ChildProcess holder = new ChildProcess(() -> {
                lock.lock();
                holding.set();
                Processes.blockForever();
            });
            holder.start();
            try {
                assertTrue(holding.await(Processes.JOIN));
                assertEquals(OptionalLong.of(holder.pid()), lock.ownerPid());
                assertFalse(lock.tryLock());
                holder.kill();
                assertTrue(holder.join(Processes.JOIN));
                assertEquals(-9, holder.exitCode());
            } finally {
                holder.close();
            }
            assertTrue(lock.tryLock(Duration.ofSeconds(30)), "the lock of a dead owner must be recovered");
            assertTrue(lock.ownerDied());
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), lock.ownerPid());
            lock.unlock();
            lock.lock();
            assertFalse(lock.ownerDied(), "a normal acquire clears the flag");
            lock.unlock();
        }
    }

    @Test
    void aReusedPidIsNotMistakenForTheOwner() throws Exception {
        try (ProcessLock lock = new ProcessLock()) {
            // A live process (our parent) with a start time that is not its own: a dead owner
            // whose pid was reused.
            long livePid = ProcessHandle.current().parent().orElseThrow().pid();
            long impostor = (12345L << 32) | livePid;
            Memory.LONG.setVolatile(lock.segment().buffer(), lock.region() + LockDescriptor.OWNER_OFFSET, impostor);
            assertTrue(lock.tryLock(Duration.ofSeconds(30)));
            assertTrue(lock.ownerDied());
            lock.unlock();
        }
    }

    @Test
    void aWaiterBlockedFiveSecondsInAnotherProcessUsesAFewPercentOfACpuAtMost() {
        try (ProcessLock lock = new ProcessLock();
             SharedLong cpuNanos = SharedLong.raw(-1);
             SharedLong wallNanos = SharedLong.raw(-1);
             ProcessEvent waiting = new ProcessEvent()) {
            lock.lock();
            ChildProcess waiter = new ChildProcess(() -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                waiting.set();
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                boolean acquired;
                acquired = lock.tryLock(Duration.ofSeconds(5));
                wallNanos.set(System.nanoTime() - start);
                cpuNanos.set(threads.getCurrentThreadCpuTime() - cpu);
                Processes.check(!acquired, "the lock was held by the parent all along");
            });
            waiter.start();
            Processes.join(waiter);
            lock.unlock();
            assertTrue(wallNanos.get() >= TimeUnit.MILLISECONDS.toNanos(4_900), "waited " + wallNanos.get());
            double share = (double) cpuNanos.get() / wallNanos.get();
            // what a parked waiter costs is its wake-ups (at most every 2 ms, then every 5 ms):
            // 2.5-5.3% of a CPU on these VMs, by what a wake-up costs on the host; a waiter that
            // spun or yielded instead would use most of one
            assertTrue(share < 0.10, "the waiter used " + (share * 100) + "% of a CPU");
        }
    }
}
