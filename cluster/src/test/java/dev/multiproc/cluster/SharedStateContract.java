package dev.multiproc.cluster;

import dev.multiproc.manager.ManagedDict;
import dev.multiproc.manager.ManagedEvent;
import dev.multiproc.manager.ManagedJoinableQueue;
import dev.multiproc.manager.ManagedList;
import dev.multiproc.manager.ManagedSemaphore;
import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.Namespace;
import dev.multiproc.manager.SharedState;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviours of CPython's {@code _TestContainers} and {@code TestSyncManagerTypes} that hold
 * for every {@link SharedState}, written once against the interface and run per implementation
 * (a local {@code Manager}, the {@link ClusterManager}), as CPython re-runs its suite per start method.
 */
abstract class SharedStateContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The state under test, shared by the class's tests. */
    abstract SharedState state();

    @Test
    void dictHoldsEntriesAndAnswersAsAConcurrentMap() {
        ManagedDict<String, Integer> d = state().dict(Map.of("a", 1));
        assertEquals(Integer.valueOf(1), d.get("a"));
        assertNull(d.put("b", 2));
        assertEquals(Integer.valueOf(2), d.put("b", 3));
        assertEquals(2, d.size());
        assertTrue(d.containsKey("b"));
        assertFalse(d.containsKey("z"));
        assertEquals(Integer.valueOf(3), d.putIfAbsent("b", 9));
        assertNull(d.putIfAbsent("c", null));                  // a null value is a value
        assertTrue(d.containsKey("c"));
        assertFalse(d.replace("a", 5, 6));
        assertTrue(d.replace("a", 1, 6));
        assertFalse(d.remove("a", 1));
        assertTrue(d.remove("a", 6));
        assertEquals(Map.of("b", 3), Map.of("b", d.get("b")));
        Map<String, Integer> expected = new java.util.HashMap<>();
        expected.put("b", 3);
        expected.put("c", null);
        assertEquals(expected, d.copy());
        assertEquals(expected, d);                             // equals walks a snapshot
        Iterator<String> keys = d.keySet().iterator();
        while (keys.hasNext()) {
            if ("c".equals(keys.next())) {
                keys.remove();                                 // removes the key from the shared map
            }
        }
        assertEquals(Map.of("b", 3), d.copy());
        d.clear();
        assertTrue(d.isEmpty());
    }

    @Test
    void dictComputeAndMergeAreAtomicAcrossThreads() throws Exception {
        ManagedDict<String, Integer> counts = state().dict();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        counts.merge("merged", 1, Integer::sum);
                        counts.compute("computed", (k, v) -> v == null ? 1 : v + 1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(Integer.valueOf(200), counts.get("merged"));
        assertEquals(Integer.valueOf(200), counts.get("computed"));
        assertEquals(Integer.valueOf(7), counts.computeIfAbsent("new", k -> 7));
        assertEquals(Integer.valueOf(7), counts.computeIfAbsent("new", k -> 8));
        assertNull(counts.computeIfPresent("absent", (k, v) -> 1));
        assertNull(counts.merge("new", 1, (a, b) -> null));   // a null result removes the key
        assertFalse(counts.containsKey("new"));
    }

    @Test
    void listHoldsElementsInOrder() {
        ManagedList<Integer> b = state().list();
        assertEquals(List.of(), b.copy());
        b.addAll(List.of(0, 1, 2, 3, 4));
        assertEquals(Integer.valueOf(2), b.get(2));
        assertEquals(List.of(2, 3), b.subList(2, 4));
        b.add(5);
        b.add(0, -1);
        assertEquals(Integer.valueOf(-1), b.set(0, 9));
        assertEquals(Integer.valueOf(9), b.remove(0));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), b);
        assertEquals("[0, 1, 2, 3, 4, 5]", b.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(6));
        b.sort((Comparator<Integer> & Serializable) (x, y) -> y - x);
        assertEquals(List.of(5, 4, 3, 2, 1, 0), b.copy());
        assertTrue(b.removeIf((java.util.function.Predicate<Integer> & Serializable) x -> x % 2 == 0));
        assertEquals(List.of(5, 3, 1), b.copy());
        assertTrue(b.contains(3));
        assertEquals(1, b.indexOf(3));
        Iterator<Integer> it = b.iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
    }

    @Test
    void namespaceHasTypedAttributesAndViews() {
        Namespace n = state().namespace();
        n.set("name", "Bob");
        n.set("age", 42);
        assertEquals(42, n.get("age", Integer.class));
        assertTrue(n.has("name"));
        n.delete("name");
        assertFalse(n.has("name"));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> n.get("name"));
        assertTrue(e.getMessage().contains("name"), e.getMessage());
        assertThrows(NoSuchElementException.class, () -> n.delete("name"));
        Person person = n.as(Person.class);
        person.setName("Alice");
        assertEquals("Alice", n.get("name"));
        assertEquals(42, person.getAge());
        assertEquals(Map.of("age", 42, "name", "Alice"), n.toMap());
    }

    /** A view of a namespace. */
    public interface Person {
        String getName();

        void setName(String name);

        int getAge();
    }

    @Test
    void valueUpdatesAtomically() {
        ManagedValue<Integer> v = state().value(1);
        assertEquals(Integer.valueOf(1), v.get());
        v.set(2);
        assertFalse(v.compareAndSet(1, 5));
        assertTrue(v.compareAndSet(2, 3));
        assertEquals(Integer.valueOf(4), v.updateAndGet(x -> x + 1));
        ManagedValue<String> none = state().value(null);
        assertNull(none.get());
        assertEquals("x", none.updateAndGet(s -> s == null ? "x" : s));
        assertNull(none.updateAndGet(s -> null));
    }

    @Test
    void queueIsFifoAndBoundedQueueRefusesWhenFull() throws Exception {
        BlockingQueue<String> q = state().queue();
        q.put("a");
        assertTrue(q.offer("b"));
        assertEquals(2, q.size());
        assertEquals("a", q.take());
        assertEquals("b", q.poll(1, TimeUnit.SECONDS));
        assertNull(q.poll(50, TimeUnit.MILLISECONDS));
        BlockingQueue<Integer> bounded = state().queue(2);
        assertTrue(bounded.offer(1));
        assertTrue(bounded.offer(2));
        assertFalse(bounded.offer(3));
        assertFalse(bounded.offer(3, 50, TimeUnit.MILLISECONDS));
        assertEquals(0, bounded.remainingCapacity());
        List<Integer> drained = new ArrayList<>();
        assertEquals(2, bounded.drainTo(drained));
        assertEquals(List.of(1, 2), drained);
    }

    @Test
    void joinableQueueJoinsOnceEveryItemIsDone() throws Exception {
        ManagedJoinableQueue<Integer> q = state().joinableQueue();
        for (int i = 1; i <= 3; i++) {
            q.put(i);
        }
        CompletableFuture<Void> joined = CompletableFuture.runAsync(() -> {
            try {
                q.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        int sum = 0;
        for (int i = 0; i < 2; i++) {
            sum += q.take();
            q.taskDone();
        }
        assertFalse(joined.isDone(), "joined with an item unfinished");
        sum += q.take();
        q.taskDone();
        joined.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(6, sum);
        assertThrows(IllegalStateException.class, q::taskDone);
        ManagedJoinableQueue<Integer> bounded = state().joinableQueue(1);
        assertTrue(bounded.offer(1));
        assertFalse(bounded.offer(2));                          // refused: not counted as unfinished
        bounded.take();
        bounded.taskDone();
        CompletableFuture.runAsync(() -> {
            try {
                bounded.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void lockIsNotReentrantAndAnyThreadMayReleaseIt() throws Exception {
        Lock lock = state().lock();
        assertTrue(lock.tryLock());
        assertFalse(lock.tryLock());
        assertFalse(lock.tryLock(50, TimeUnit.MILLISECONDS));
        CompletableFuture.runAsync(lock::unlock).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(lock.tryLock());
        lock.unlock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void rLockIsReentrantAndOwnedByItsThread() throws Exception {
        Lock lock = state().rLock();
        lock.lock();
        assertTrue(lock.tryLock());
        assertFalse(CompletableFuture.supplyAsync(lock::tryLock).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        lock.unlock();
        lock.unlock();
        assertTrue(CompletableFuture.supplyAsync(() -> {
            boolean taken = lock.tryLock();
            lock.unlock();
            return taken;
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void semaphoreCountsPermitsAndWakesAWaiter() throws Exception {
        ManagedSemaphore s = state().semaphore(2);
        assertTrue(s.tryAcquire());
        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire());
        assertEquals(0, s.availablePermits());
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return s.tryAcquire(WAIT);
            } catch (InterruptedException e) {
                return false;
            }
        });
        s.release();
        assertTrue(waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        ManagedSemaphore bounded = state().boundedSemaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, bounded::release);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void eventWakesItsWaiters() throws Exception {
        ManagedEvent event = state().event();
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ofMillis(50)));
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return event.await(WAIT);
            } catch (InterruptedException e) {
                return false;
            }
        });
        event.set();
        assertTrue(waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(event.isSet());
        event.clear();
        assertFalse(event.isSet());
    }
}
