package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.sync.BarrierBrokenException;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython's {@code TestSyncManagerTypes}: each synchronization type of a manager used from a child
 * process, with the child's part asserted by its exit code and what it left on the server.
 */
class SyncManagerTypesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    @Test
    void eventWaitedOnTheServerBlocksOnlyItsCaller() throws Exception {
        ManagedEvent event = MANAGER.get().event();
        ManagedEvent waiting = MANAGER.get().event();
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        ChildProcess child = new ChildProcess(() -> {
            try {
                waiting.set();
                check(event.await(WAIT), "the event was never set");
                check(event.isSet(), "isSet after await");
                d.put("woke", 1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        child.start();
        assertTrue(waiting.await(WAIT));
        d.put("meanwhile", 2); // the child's wait on the server does not hold up this call
        assertNull(d.get("woke"));
        assertFalse(event.await(Duration.ofMillis(100)));
        event.set();
        Processes.join(child);
        assertEquals(1, d.get("woke"));
        event.clear();
        assertFalse(event.isSet());
    }

    @Test
    void lockHasNoOwner() throws Exception {
        Lock lock = MANAGER.get().lock();
        lock.lock();
        ChildProcess child = new ChildProcess(() -> {
            try {
                check(!lock.tryLock(), "tryLock of a held lock");
                check(!lock.tryLock(100, TimeUnit.MILLISECONDS), "timed tryLock of a held lock");
                lock.unlock(); // Python's Lock may be released by anyone
                check(lock.tryLock(), "tryLock after release");
                lock.unlock();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        child.start();
        Processes.join(child);
        assertThrows(IllegalMonitorStateException.class, lock::unlock); // Python's RuntimeError
    }

    @Test
    void rLockIsOwnedByTheCallingThread() throws Exception {
        Lock rlock = MANAGER.get().rLock();
        rlock.lock();
        rlock.lock();
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(rlock::tryLock);
        assertFalse(other.get(60, TimeUnit.SECONDS));
        CompletableFuture<Throwable> foreignUnlock = CompletableFuture.supplyAsync(() -> {
            try {
                rlock.unlock();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(foreignUnlock.get(60, TimeUnit.SECONDS) instanceof IllegalMonitorStateException);
        rlock.unlock();
        rlock.unlock();
        ChildProcess child = new ChildProcess(() -> {
            check(rlock.tryLock(), "a free rlock");
            rlock.unlock();
        });
        child.start();
        Processes.join(child);
    }

    @Test
    void semaphores() throws Exception {
        ManagedSemaphore sem = MANAGER.get().semaphore(2);
        ManagedSemaphore bounded = MANAGER.get().boundedSemaphore(1);
        ChildProcess child = new ChildProcess(() -> {
            try {
                sem.acquire();
                check(sem.tryAcquire(), "second permit");
                check(!sem.tryAcquire(Duration.ofMillis(100)), "no third permit");
                check(bounded.tryAcquire(), "bounded permit");
                bounded.release();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        child.start();
        Processes.join(child);
        assertEquals(0, sem.availablePermits());
        sem.release();
        sem.release();
        sem.release(); // an unbounded semaphore grows, as Python's
        assertEquals(3, sem.availablePermits());
        IllegalStateException e = assertThrows(IllegalStateException.class, bounded::release);
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
    }

    @Test
    void conditionWakesAWaiterInAnotherProcess() throws Exception {
        ManagedCondition cond = MANAGER.get().condition();
        ManagedValue<Integer> state = MANAGER.get().value(0);
        ChildProcess child = new ChildProcess(() -> {
            try {
                cond.lock();
                try {
                    state.set(1);          // waiting: set under the lock, so no signal is missed
                    while (state.get() != 2) {
                        check(cond.await(WAIT), "never signalled");
                    }
                    state.set(3);
                } finally {
                    cond.unlock();
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        child.start();
        while (true) {
            cond.lock();
            try {
                if (state.get() == 1) {
                    state.set(2);
                    cond.signalAll();
                    break;
                }
            } finally {
                cond.unlock();
            }
        }
        Processes.join(child);
        assertEquals(3, state.get());
        cond.lock();
        try {
            assertFalse(cond.await(Duration.ofMillis(50)));
        } finally {
            cond.unlock();
        }
    }

    @Test
    void barrierReleasesTwoProcessesTogether() throws Exception {
        ManagedBarrier barrier = MANAGER.get().barrier(2);
        ManagedList<Integer> arrivals = MANAGER.get().list();
        ChildProcess child = new ChildProcess(() -> {
            try {
                arrivals.add(barrier.await(WAIT));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        child.start();
        arrivals.add(barrier.await(WAIT));
        Processes.join(child);
        assertEquals(Set.of(0, 1), Set.copyOf(arrivals));
        assertEquals(2, barrier.getParties());
        assertThrows(BarrierBrokenException.class, () -> barrier.await(Duration.ofMillis(50)));
        assertTrue(barrier.isBroken());
        barrier.reset();
        assertFalse(barrier.isBroken());
        barrier.abort();
        assertThrows(BarrierBrokenException.class, barrier::await);
    }

    @Test
    void queueBetweenProcesses() throws Exception {
        BlockingQueue<String> q = MANAGER.get().queue();
        ChildProcess child = new ChildProcess(() -> {
            try {
                for (String s : List.of("a", "b", "c")) {
                    q.put(s);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        child.start();
        assertEquals("a", q.take());
        assertEquals("b", q.poll(60, TimeUnit.SECONDS));
        assertEquals("c", q.take());
        Processes.join(child);
        assertNull(q.poll(50, TimeUnit.MILLISECONDS));
        assertTrue(q.isEmpty());

        BlockingQueue<Integer> bounded = MANAGER.get().queue(1);
        assertTrue(bounded.offer(1));
        assertFalse(bounded.offer(2));
        assertEquals(0, bounded.remainingCapacity());
        assertEquals(1, bounded.size());
    }

    @Test
    void drainToFillsTheCallersCollectionAndLosesNoItem() {
        BlockingQueue<Integer> q = MANAGER.get().queue();
        q.addAll(List.of(1, 2, 3));
        List<Integer> drained = new java.util.ArrayList<>();
        assertEquals(2, q.drainTo(drained, 2));
        assertEquals(List.of(1, 2), drained);          // not a copy on the server, lost with it
        assertEquals(1, q.drainTo(drained));
        assertEquals(List.of(1, 2, 3), drained);
        assertTrue(q.isEmpty());
    }

    @Test
    void joinableQueueJoinsOnceEveryItemIsDone() throws Exception {
        ManagedJoinableQueue<Integer> q = MANAGER.get().joinableQueue();
        ManagedValue<Integer> sum = MANAGER.get().value(0);
        ChildProcess consumer = new ChildProcess(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    int item = q.take();
                    sum.updateAndGet(s -> s + item);
                    q.taskDone();
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        consumer.start();
        for (int i = 1; i <= 5; i++) {
            q.put(i);
        }
        q.join();
        assertEquals(15, sum.get()); // join returned only after the last taskDone
        Processes.join(consumer);
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void valueUpdatesAreAtomicAcrossProcesses() {
        ManagedValue<Integer> counter = MANAGER.get().value(0);
        int n = 300;
        List<ChildProcess> children = Processes.start(
                () -> { for (int i = 0; i < n; i++) counter.updateAndGet(x -> x + 1); },
                () -> { for (int i = 0; i < n; i++) counter.updateAndGet(x -> x + 1); });
        Processes.joinAll(children);
        assertEquals(2 * n, counter.get());
        assertTrue(counter.compareAndSet(2 * n, -1));
        assertFalse(counter.compareAndSet(2 * n, -2));
        assertEquals(-1, counter.get());
        assertEquals("Value(-1)", counter.toString());
    }
}
