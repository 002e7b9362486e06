package dev.multiproc.pool;

import dev.multiproc.RemoteException;
import dev.multiproc.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviours of CPython's {@code _TestPool}, on one shared pool of worker JVMs. */
class PoolTest {
    static Pool pool;

    @BeforeAll
    static void startPool() {
        pool = new Pool(2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static int sqr(int x) {
        return x * x;
    }

    static int sqrSlow(int x) {
        try {
            Thread.sleep(x);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return x * x;
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    static List<Integer> squares(int n) {
        return IntStream.range(0, n).map(i -> i * i).boxed().collect(Collectors.toList());
    }

    /** A lazy iterable of 0..total-1 that throws SayWhen instead of yielding {@code when}. */
    static Iterable<Integer> throwingAt(int total, int when) {
        return () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < total;
            }

            @Override
            public Integer next() {
                if (i == when) {
                    throw new SayWhen("Somebody said when");
                }
                return i++;
            }
        };
    }

    static final class SayWhen extends RuntimeException {
        SayWhen(String message) {
            super(message);
        }
    }

    @Test
    void applyRunsInAWorker() {
        assertEquals(25, (int) pool.apply(PoolTest::sqr, 5));
        assertEquals(9, (int) pool.apply(() -> sqr(3)));
        long pid = pool.apply(() -> ProcessHandle.current().pid());
        assertTrue(pool.workerPids().contains(pid), pid + " not in " + pool.workerPids());
    }

    @Test
    void mapKeepsInputOrder() {
        assertEquals(squares(10), pool.map(PoolTest::sqr, range(10)));
        assertEquals(squares(100), pool.map(PoolTest::sqr, range(100), 20));
        assertEquals(squares(10_000), pool.map(PoolTest::sqr, range(10_000)));
    }

    @Test
    void starmapAppliesPairs() {
        List<Map.Entry<Integer, Integer>> pairs = List.of(Map.entry(2, 3), Map.entry(4, 5), Map.entry(6, 7));
        assertEquals(List.of(6, 20, 42), pool.starmap(Math::multiplyExact, pairs));
        assertEquals(List.of(6, 20, 42), pool.starmap(Math::multiplyExact, pairs, 2));
        assertEquals(List.of(6, 20, 42), pool.<Integer, Integer, Integer>starmapAsync(Math::multiplyExact, pairs, 0, null, null).join());
    }

    @Test
    void mapAsyncAndCallbacks() throws Exception {
        assertEquals(squares(10), pool.mapAsync(PoolTest::sqr, range(10)).get());
        AtomicReference<Object> seen = new AtomicReference<>();
        AsyncResult<List<Integer>> ok = pool.mapAsync(Integer::parseInt, List.of("1"), 0, null, seen::set, seen::set);
        assertEquals(List.of(1), ok.join());
        assertEquals(List.of(1), seen.get());
        AsyncResult<List<Integer>> bad = pool.mapAsync(Integer::parseInt, List.of("a"), 0, null, seen::set, seen::set);
        RemoteException e = assertThrows(RemoteException.class, bad::join);
        assertInstanceOf(NumberFormatException.class, e.getCause());
        assertInstanceOf(NumberFormatException.class, seen.get());
        assertTrue(bad.ready());
        assertFalse(bad.successful());
    }

    @Test
    void emptyInputReturnsAtOnce() {
        assertEquals(List.of(), pool.map(PoolTest::sqr, List.of()));
        assertEquals(List.of(), pool.mapAsync(PoolTest::sqr, List.of(), 1, null, null, null).get(Duration.ofSeconds(1)));
        assertFalse(pool.imap(PoolTest::sqr, List.<Integer>of()).hasNext());
        assertFalse(pool.imapUnordered(PoolTest::sqr, List.<Integer>of()).hasNext());
    }

    @Test
    void unserializableArgumentFailsWithoutHanging() {
        Object unserializable = new Object();
        SerializationException e = assertThrows(SerializationException.class,
                () -> pool.map(String::valueOf, Collections.nCopies(10, unserializable)));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertThrows(SerializationException.class, () -> pool.apply(String::valueOf, unserializable));
        assertEquals(squares(4), pool.map(PoolTest::sqr, range(4)));
    }

    @Test
    void unserializableFunctionFailsInTheCaller() {
        Thread captured = Thread.currentThread();
        SerializationException e = assertThrows(SerializationException.class, () -> pool.apply(x -> captured.getName() + x, 1));
        assertTrue(e.getMessage().contains("function of apply()"), e.getMessage());
        SerializationException m = assertThrows(SerializationException.class,
                () -> pool.map(x -> captured.getName() + x, range(3)));
        assertTrue(m.getMessage().contains("function of map()") && m.getMessage().contains("java.lang.Thread")
                && m.getMessage().contains("Capture only serializable values"), m.getMessage());
    }

    @Test
    void mapRethrowsTheInputsException() {
        assertThrows(SayWhen.class, () -> pool.map(PoolTest::sqr, throwingAt(1, 0), 1));
        assertThrows(SayWhen.class, () -> pool.map(PoolTest::sqr, throwingAt(1, 0), 1));
        assertThrows(SayWhen.class, () -> pool.map(PoolTest::sqr, throwingAt(10, 3), 1));
        List<Integer> special = new java.util.AbstractList<>() {
            @Override
            public Integer get(int index) {
                throw new SayWhen("get");
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public Iterator<Integer> iterator() {
                return throwingAt(1, 0).iterator();
            }
        };
        assertThrows(SayWhen.class, () -> pool.map(PoolTest::sqr, special, 1));
    }

    @Test
    void getWithTimeout() {
        AsyncResult<Integer> r = pool.applyAsync(PoolTest::sqrSlow, 7);
        assertEquals(49, (int) r.get(Duration.ofSeconds(30)));
        CountDownLatch never = new CountDownLatch(1);
        AsyncResult<Integer> slow = pool.applyAsync(PoolTest::sqrSlow, 3000);
        assertThrows(ResultTimeoutException.class, () -> slow.get(Duration.ofMillis(50)));
        assertFalse(slow.await(Duration.ofMillis(10)));
        assertEquals(9_000_000, (int) slow.join());
        assertEquals(1, never.getCount());
    }

    @Test
    void imapInOrder() {
        assertEquals(squares(10), collect(pool.imap(PoolTest::sqr, range(10))));
        ImapIterator<Integer> it = pool.imap(PoolTest::sqr, range(10));
        for (int i = 0; i < 10; i++) {
            assertEquals(i * i, (int) it.next(Duration.ofSeconds(30)));
        }
        assertThrows(NoSuchElementException.class, it::next);
        assertEquals(squares(1000), collect(pool.imap(PoolTest::sqr, range(1000), 100)));
    }

    @Test
    void imapHandlesTheInputsException() {
        ImapIterator<Integer> it = pool.imap(PoolTest::sqr, throwingAt(1, 0), 1);
        assertThrows(SayWhen.class, it::next);

        it = pool.imap(PoolTest::sqr, throwingAt(10, 3), 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(i * i, (int) it.next());
        }
        assertThrows(SayWhen.class, it::next);
        assertFalse(it.hasNext());

        it = pool.imap(PoolTest::sqr, throwingAt(20, 7), 2); // the chunk holding 6 and 7 fails whole
        for (int i = 0; i < 6; i++) {
            assertEquals(i * i, (int) it.next());
        }
        assertThrows(SayWhen.class, it::next);

        it = pool.imap(PoolTest::sqr, throwingAt(20, 7), 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(i * i, (int) it.next());
        }
        assertThrows(SayWhen.class, it::next);
    }

    /** Results of several types and nulls in one chunk, and a failure at 4. */
    static Object mixed(int x) {
        if (x == 4) {
            throw new IllegalArgumentException("no four");
        }
        return x % 3 == 0 ? null : x % 3 == 1 ? "s" + x : (Object) (long) x;
    }

    @Test
    void aFailingTaskFailsOnlyItsPositionInItsChunk() {
        ImapIterator<Object> it = pool.imap(PoolTest::mixed, range(8), 8);
        assertEquals(Arrays.asList(null, "s1", 2L, null), Arrays.asList(it.next(), it.next(), it.next(), it.next()));
        RemoteException e = assertThrows(RemoteException.class, it::next);
        assertTrue(e.getMessage().contains("task 4 of imap()"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(5L, it.next());
        assertNull(it.next());
        assertEquals("s7", it.next());
        assertFalse(it.hasNext());

        ImapIterator<Object> chunks = pool.imap(PoolTest::mixed, range(10), 8);
        assertEquals(Arrays.asList(null, "s1", 2L, null), chunks.nextChunk());
        RemoteException again = assertThrows(RemoteException.class, chunks::nextChunk);
        assertTrue(again.getMessage().contains("task 4 of imap()"), again.getMessage());
        assertEquals(Arrays.asList(5L, null, "s7"), chunks.nextChunk());
        assertEquals(Arrays.asList(8L, null), chunks.nextChunk()); // 8 and 9: the second chunk
        assertFalse(chunks.hasNext());
        assertThrows(NoSuchElementException.class, chunks::nextChunk);

        SerializationException notSent = assertThrows(SerializationException.class,
                () -> pool.map(x -> x == 2 ? new Object() : (Object) x, range(5), 5));
        assertTrue(notSent.getMessage().contains("task 2 of map()"), notSent.getMessage());
        assertEquals(Arrays.asList(0, "a", 2.5, null, List.of(1)),
                pool.map(x -> x == 1 ? "a" : x == 2 ? 2.5 : x == 3 ? null : x == 4 ? List.of(1) : (Object) x, range(5), 5));
    }

    @Test
    void imapUnorderedYieldsEveryResult() {
        List<Integer> got = collect(pool.imapUnordered(PoolTest::sqr, range(1000), 100));
        Collections.sort(got);
        assertEquals(squares(1000), got);
    }

    @Test
    void imapUnorderedHandlesTheInputsException() {
        ImapIterator<Integer> it = pool.imapUnordered(PoolTest::sqr, throwingAt(1, 0), 1);
        assertThrows(SayWhen.class, it::next);

        for (int chunksize : new int[] {1, 2}) {
            ImapIterator<Integer> unordered = pool.imapUnordered(PoolTest::sqr, throwingAt(20, 7), chunksize);
            List<Integer> expected = new ArrayList<>(squares(20));
            assertThrows(SayWhen.class, () -> {
                for (int i = 0; i < 20; i++) {
                    Integer value = unordered.next();
                    assertTrue(expected.remove(value), value + " twice or unexpected");
                }
            });
        }
    }

    @Test
    void imapReadsTheInputLazily() {
        int[] read = {0};
        Iterable<Integer> counting = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                synchronized (read) {
                    return read[0]++;
                }
            }
        };
        try (ImapIterator<Integer> it = pool.imap(PoolTest::sqr, counting)) {
            for (int i = 0; i < 50; i++) {
                assertEquals(i * i, (int) it.next());
            }
        }
        synchronized (read) {
            assertTrue(read[0] < 50 + 2048, "read " + read[0] + " items of an endless input");
        }
    }

    @Test
    void remoteExceptionKeepsTypeAndRemoteStackTrace() {
        RemoteException e = assertThrows(RemoteException.class, () -> pool.apply(PoolTest::raise, 123));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("boom 123", e.getCause().getMessage());
        assertEquals("java.lang.IllegalStateException", e.remoteClassName());
        assertTrue(e.getMessage().contains("task 0 of apply() failed in worker"), e.getMessage());
        assertTrue(java.util.Arrays.stream(e.getCause().getStackTrace()).anyMatch(f -> f.getMethodName().equals("raise")));
    }

    static int raise(int x) {
        throw new IllegalStateException("boom " + x);
    }

    @Test
    void progressReportsEveryTask() {
        List<long[]> updates = Collections.synchronizedList(new ArrayList<>());
        pool.map(PoolTest::sqr, range(100), 10, (done, total) -> updates.add(new long[] {done, total}));
        assertEquals(10, updates.size());
        long[] last = updates.stream().max((a, b) -> Long.compare(a[0], b[0])).orElseThrow();
        assertEquals(100, last[0]);
        assertEquals(100, last[1]);
    }

    @Test
    void workersHaveIdsAndNames() {
        List<String> names = pool.map(x -> dev.multiproc.Multiprocessing.currentProcess().getName()
                + "/" + Pool.currentWorkerId().orElse(-1), range(8), 1);
        for (String name : names) {
            assertTrue(name.matches("PoolWorker-(\\d+)/\\1"), name);
        }
        assertFalse(Pool.currentWorkerId().isPresent());
    }

    @Test
    void mapFailsFastButRemainingTasksStillFinish() throws Exception {
        // CPython's test_map_no_failfast: join() after a failed map waits for the tasks still running
        java.nio.file.Path marker = java.nio.file.Files.createTempFile("pool-", ".marker");
        java.nio.file.Files.delete(marker);
        String path = marker.toString();
        try (Pool p = new Pool(2)) {
            assertThrows(RemoteException.class, () -> p.map(w -> largeFailure(w, path), List.of(0, 1), 1));
        }
        try {
            assertTrue(java.nio.file.Files.exists(marker), "close() returned before the second task finished");
        } finally {
            java.nio.file.Files.deleteIfExists(marker);
        }
    }

    static Integer largeFailure(int wait, String marker) {
        if (wait > 0) {
            sqrSlow(300);
            try {
                java.nio.file.Files.createFile(java.nio.file.Path.of(marker));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("x".repeat(1024 * 1024));
    }

    @Test
    void poolSizeIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Pool(0));
        assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
        assertEquals(2, pool.processes());
    }

    @Test
    void closedAndTerminatedPoolsRejectWork() throws Exception {
        Pool p = new Pool(1);
        AsyncResult<List<Integer>> r = p.mapAsync(PoolTest::sqr, range(10));
        p.close();
        assertEquals(squares(10), r.join());
        p.join();
        assertThrows(IllegalStateException.class, () -> p.mapAsync(PoolTest::sqr, range(3)));
        assertThrows(IllegalStateException.class, () -> p.apply(PoolTest::sqr, 3));

        Pool q = new Pool(1);
        AsyncResult<List<Integer>> sleeping = q.mapAsync(PoolTest::sqrSlow, Collections.nCopies(1000, 100), 1, null, null, null);
        long start = System.nanoTime();
        q.terminate();
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
        assertTrue(sleeping.isCancelled());
        assertThrows(java.util.concurrent.CancellationException.class, sleeping::join);
        assertThrows(IllegalStateException.class, () -> q.apply(PoolTest::sqr, 3));
        q.join();
    }

    @Test
    void joinNeedsCloseFirst() {
        assertThrows(IllegalStateException.class, () -> pool.join());
    }

    static <T> List<T> collect(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
