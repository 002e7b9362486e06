package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import dev.multiproc.shared.SharedInt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestSemaphore}, the bounded variant, and recovery of a killed holder's permits. */
class ProcessSemaphoreTest {

    private static void countDownFromTwo(ProcessSemaphore sem) {
        assertEquals(2, sem.availablePermits());
        assertTrue(sem.tryAcquire());
        assertEquals(1, sem.availablePermits());
        sem.acquireUninterruptibly();
        assertEquals(0, sem.availablePermits());
        assertFalse(sem.tryAcquire());
        assertEquals(0, sem.availablePermits());
        sem.release();
        assertEquals(1, sem.availablePermits());
        sem.release();
        assertEquals(2, sem.availablePermits());
    }

    @Test
    void semaphoreCountsAndGrowsPastItsInitialValue() {
        try (ProcessSemaphore sem = new ProcessSemaphore(2)) {
            countDownFromTwo(sem);
            sem.release();
            assertEquals(3, sem.availablePermits());
            sem.release();
            assertEquals(4, sem.availablePermits());
        }
    }

    @Test
    void boundedSemaphoreRefusesToGrowPastItsInitialValue() {
        try (BoundedProcessSemaphore sem = new BoundedProcessSemaphore(2)) {
            countDownFromTwo(sem);
            IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
            assertTrue(e.getMessage().contains("too many"), e.getMessage());
            assertEquals(2, sem.availablePermits());
        }
    }

    @Test
    void negativeInitialValueIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessSemaphore(-1));
    }

    @Test
    void timedAcquiresReturnFalseAfterAboutTheTimeout() throws Exception {
        try (ProcessSemaphore sem = new ProcessSemaphore(0)) {
            long start = System.nanoTime();
            assertFalse(sem.tryAcquire());
            assertFalse(sem.tryAcquire(Duration.ZERO));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
            start = System.nanoTime();
            assertFalse(sem.tryAcquire(Duration.ofMillis(200)));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(190) && elapsed < TimeUnit.SECONDS.toNanos(5),
                    "elapsed " + elapsed);
        }
    }

    @Test
    void aReleaseInAChildWakesTheParent() throws Exception {
        try (ProcessSemaphore sem = new ProcessSemaphore(0)) {
            ChildProcess child = new ChildProcess(sem::release);
            child.start();
            assertTrue(sem.tryAcquire(Processes.JOIN));
            Processes.join(child);
            assertEquals(0, sem.availablePermits());
        }
    }

    @Test
    void atMostTwoProcessesAreInsideAtOnce() {
        try (ProcessSemaphore sem = new ProcessSemaphore(2);
             SharedInt inside = SharedInt.raw();
             SharedInt maxInside = SharedInt.raw()) {
            List<ChildProcess> children = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                ChildProcess p = new ChildProcess(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        sem.acquireUninterruptibly();
                        try {
                            int now = inside.incrementAndGet();
                            maxInside.updateAndGet(m -> Math.max(m, now));
                            inside.decrementAndGet();
                        } finally {
                            sem.release();
                        }
                    }
                });
                p.start();
                children.add(p);
            }
            Processes.joinAll(children);
            assertEquals(0, inside.get());
            assertTrue(maxInside.get() >= 1 && maxInside.get() <= 2, "max inside " + maxInside.get());
            assertEquals(2, sem.availablePermits());
        }
    }

    @Test
    void permitsHeldByAKilledProcessAreGivenBack() throws Exception {
        try (BoundedProcessSemaphore sem = new BoundedProcessSemaphore(3); ProcessEvent holding = new ProcessEvent()) {
            assertTrue(sem.tryAcquire());
            ChildProcess holder = new ChildProcess(() -> {
                sem.acquireUninterruptibly();
                sem.acquireUninterruptibly();
                holding.set();
                Processes.blockForever();
            });
            holder.start();
            try {
                assertTrue(holding.await(Processes.JOIN));
                assertEquals(0, sem.availablePermits());
                holder.kill();
                assertTrue(holder.join(Processes.JOIN));
            } finally {
                holder.close();
            }
            assertTrue(sem.tryAcquire(Duration.ofSeconds(30)), "the dead holder's permits must come back");
            assertTrue(sem.ownerDied());
            assertEquals(1, sem.availablePermits(), "two recovered, one taken");
            sem.release();
            sem.release();
            assertEquals(3, sem.availablePermits());
            assertThrows(IllegalStateException.class, sem::release);
        }
    }
}
