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

/**
 * Python's {@code _TestCondition}: notify, notify(n) and notify_all with waiters in child
 * processes and threads, wait_for with and without a timeout, wait's result.
 */
class ProcessConditionTest {

    /** Python's {@code f}: count as sleeping, wait, count as woken. */
    static void sleeper(ProcessCondition cond, ProcessSemaphore sleeping, ProcessSemaphore woken, Duration timeout) {
        cond.lock();
        try {
            sleeping.release();
            if (timeout == null) {
                cond.await();
            } else {
                cond.await(timeout);
            }
            woken.release();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            cond.unlock();
        }
    }

    /** Starts one child process and one thread running {@link #sleeper}. */
    static void startPair(List<ChildProcess> children, List<Thread> threads, ProcessCondition cond,
                          ProcessSemaphore sleeping, ProcessSemaphore woken, Duration timeout) {
        ChildProcess p = new ChildProcess(() -> sleeper(cond, sleeping, woken, timeout));
        p.start();
        children.add(p);
        Thread t = new Thread(() -> sleeper(cond, sleeping, woken, timeout));
        t.start();
        threads.add(t);
    }

    static void acquire(ProcessSemaphore sem, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            assertTrue(sem.tryAcquire(Processes.JOIN), "timed out waiting for the semaphore");
        }
    }

    /** Waits until every sleeper is inside await (counted by the condition), not just announced. */
    static void awaitWaiters(ProcessCondition cond, int n) throws InterruptedException {
        cond.lock();
        cond.unlock();
        // Sleepers release 'sleeping' while holding the lock and only give it up inside await, so
        // once we could take the lock after their announcements, all of them are waiting.
        assertEquals(n, cond.getWaitQueueLength());
    }

    static void joinThreads(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(Processes.JOIN.toMillis());
            assertFalse(t.isAlive());
        }
    }

    @Test
    void notifyWakesOneWaiterAtATime() throws Exception {
        try (ProcessCondition cond = new ProcessCondition();
             ProcessSemaphore sleeping = new ProcessSemaphore(0);
             ProcessSemaphore woken = new ProcessSemaphore(0)) {
            List<ChildProcess> children = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            startPair(children, threads, cond, sleeping, woken, null);
            acquire(sleeping, 2);
            awaitWaiters(cond, 2);
            assertEquals(0, woken.availablePermits());

            cond.lock();
            cond.signal();
            cond.unlock();
            acquire(woken, 1);
            assertEquals(1, cond.getWaitQueueLength(), "exactly one woke");
            assertEquals(0, woken.availablePermits());

            cond.lock();
            cond.signal();
            cond.unlock();
            acquire(woken, 1);
            assertEquals(0, cond.getWaitQueueLength());
            Processes.joinAll(children);
            joinThreads(threads);
        }
    }

    @Test
    void notifyNWakesNWaiters() throws Exception {
        try (ProcessCondition cond = new ProcessCondition();
             ProcessSemaphore sleeping = new ProcessSemaphore(0);
             ProcessSemaphore woken = new ProcessSemaphore(0)) {
            List<ChildProcess> children = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                startPair(children, threads, cond, sleeping, woken, null);
            }
            acquire(sleeping, 4);
            awaitWaiters(cond, 4);

            cond.lock();
            cond.signal(3);
            cond.unlock();
            acquire(woken, 3);
            assertEquals(1, cond.getWaitQueueLength(), "three of four woke");
            assertEquals(0, woken.availablePermits());

            cond.lock();
            cond.signal(3);     // only one left to wake
            cond.unlock();
            acquire(woken, 1);
            assertEquals(0, cond.getWaitQueueLength());
            Processes.joinAll(children);
            joinThreads(threads);
        }
    }

    @Test
    void notifyAllWakesEveryWaiterAfterTimedOutOnesLeft() throws Exception {
        try (ProcessCondition cond = new ProcessCondition();
             ProcessSemaphore sleeping = new ProcessSemaphore(0);
             ProcessSemaphore woken = new ProcessSemaphore(0)) {
            List<ChildProcess> children = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                startPair(children, threads, cond, sleeping, woken, Duration.ofMillis(100));
            }
            acquire(sleeping, 6);
            acquire(woken, 6);   // all time out
            assertEquals(0, cond.getWaitQueueLength(), "timed-out waiters leave no trace");
            Processes.joinAll(children);
            joinThreads(threads);

            children.clear();
            threads.clear();
            for (int i = 0; i < 3; i++) {
                startPair(children, threads, cond, sleeping, woken, null);
            }
            acquire(sleeping, 6);
            awaitWaiters(cond, 6);
            assertEquals(0, woken.availablePermits());

            cond.lock();
            cond.signalAll();
            cond.unlock();
            acquire(woken, 6);
            assertEquals(0, cond.getWaitQueueLength());
            Processes.joinAll(children);
            joinThreads(threads);
        }
    }

    @Test
    void waitTimesOutAfterAboutTheTimeoutAndNeedsTheLock() throws Exception {
        try (ProcessCondition cond = new ProcessCondition()) {
            assertThrows(IllegalMonitorStateException.class, () -> cond.await(Duration.ofMillis(1)));
            assertThrows(IllegalMonitorStateException.class, cond::signal);
            cond.lock();
            try {
                assertFalse(cond.await(Duration.ZERO));
                long start = System.nanoTime();
                assertFalse(cond.await(Duration.ofMillis(200)));
                long elapsed = System.nanoTime() - start;
                assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(190) && elapsed < TimeUnit.SECONDS.toNanos(5));
                assertTrue(((ReentrantProcessLock) cond.getLock()).isHeldByCurrentThread(), "the lock is back");
            } finally {
                cond.unlock();
            }
        }
    }

    @Test
    void waitReleasesEveryHoldOfAReentrantLockAndRestoresThem() throws Exception {
        try (ReentrantProcessLock lock = new ReentrantProcessLock(); ProcessCondition cond = new ProcessCondition(lock)) {
            lock.lock();
            lock.lock();
            ChildProcess notifier = new ChildProcess(() -> {
                cond.lock();    // possible only if the parent's wait released both holds
                try {
                    cond.signal();
                } finally {
                    cond.unlock();
                }
            });
            notifier.start();
            assertTrue(cond.await(Processes.JOIN), "Python's test_wait_result: a notified wait returns true");
            assertEquals(2, lock.getHoldCount());
            lock.unlock();
            lock.unlock();
            Processes.join(notifier);
        }
    }

    @Test
    void aConditionOverAPlainLockWorksAcrossProcesses() throws Exception {
        try (ProcessLock lock = new ProcessLock(); ProcessCondition cond = lock.newCondition(); SharedInt state = SharedInt.raw()) {
            ChildProcess child = new ChildProcess(() -> {
                lock.lock();
                try {
                    state.set(1);
                    cond.signalAll();
                } finally {
                    lock.unlock();
                }
            });
            lock.lock();
            try {
                child.start();
                assertTrue(cond.waitFor(() -> state.get() == 1, Processes.JOIN));
            } finally {
                lock.unlock();
            }
            Processes.join(child);
        }
    }

    @Test
    void waitForSeesEachUpdateUntilThePredicateHolds() throws Exception {
        try (ProcessCondition cond = new ProcessCondition(); SharedInt state = SharedInt.raw(-1)) {
            ChildProcess child = new ChildProcess(() -> {
                cond.lock();
                try {
                    state.set(0);
                    cond.signal();
                    boolean result = cond.waitFor(() -> state.get() == 4);
                    Processes.check(result && state.get() == 4, "wait_for returned " + result + " at " + state.get());
                } finally {
                    cond.unlock();
                }
            });
            child.start();
            cond.lock();
            try {
                assertTrue(cond.waitFor(() -> state.get() == 0, Processes.JOIN));
                assertEquals(0, state.get());
            } finally {
                cond.unlock();
            }
            for (int i = 0; i < 4; i++) {
                cond.lock();
                try {
                    state.incrementAndGet();
                    cond.signal();
                } finally {
                    cond.unlock();
                }
            }
            Processes.join(child);
        }
    }

    @Test
    void waitForWithATimeoutGivesUpWhenThePredicateNeverHolds() throws Exception {
        try (ProcessCondition cond = new ProcessCondition();
             SharedInt state = SharedInt.raw();
             SharedInt success = SharedInt.raw();
             ProcessSemaphore started = new ProcessSemaphore(0)) {
            ChildProcess child = new ChildProcess(() -> {
                started.release();
                cond.lock();
                try {
                    long start = System.nanoTime();
                    boolean result = cond.waitFor(() -> state.get() == 4, Duration.ofMillis(100));
                    long elapsed = System.nanoTime() - start;
                    if (!result && elapsed > TimeUnit.MILLISECONDS.toNanos(60) && elapsed < TimeUnit.SECONDS.toNanos(1)) {
                        success.set(1);
                    }
                } finally {
                    cond.unlock();
                }
            });
            child.start();
            assertTrue(started.tryAcquire(Processes.JOIN));
            for (int i = 0; i < 3; i++) {     // state never reaches 4
                cond.lock();
                try {
                    state.incrementAndGet();
                    cond.signal();
                } finally {
                    cond.unlock();
                }
            }
            Processes.join(child);
            assertEquals(1, success.get());
        }
    }
}
