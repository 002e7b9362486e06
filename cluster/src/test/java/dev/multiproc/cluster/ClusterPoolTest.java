package dev.multiproc.cluster;

import dev.multiproc.RemoteException;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import dev.multiproc.connection.AuthenticationException;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.pool.ImapOptions;
import dev.multiproc.pool.PendingResult;
import dev.multiproc.pool.TaskTimeoutException;

import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pool calls on three members on 127.0.0.1 ({@link SharedCluster}), one pool for the class. */
@ExtendWith(ChildLeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterPoolTest {
    private static LocalCluster cluster;
    private static ClusterPool pool;

    @BeforeAll
    static void connect() {
        cluster = SharedCluster.get();
        pool = new ClusterPool(cluster.config());
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    /** A class of the test: not on the members' class path, so it must come from the driver. */
    record Word(String text, int count) implements java.io.Serializable {
    }

    @Test
    void membersLackTheTestClassesThatTheirTasksUse() {
        assertFalse(LocalCluster.memberClasspath().contains("test-classes"), LocalCluster.memberClasspath());
        String suffix = "!";
        Word w = pool.apply(s -> new Word(s + suffix, s.length()), "hello");
        assertEquals(new Word("hello!", 5), w);
    }

    @Test
    void mapReturnsResultsInInputOrderFromEveryMember() {
        List<Integer> items = IntStream.range(0, 300).boxed().collect(Collectors.toList());
        List<Integer> squares = pool.map(x -> x * x, items, 10);
        assertEquals(items.stream().map(x -> x * x).collect(Collectors.toList()), squares);
        assertEquals(3, pool.members());
        List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), items, 5);
        assertTrue(new HashSet<>(pids).size() >= 2, "tasks ran in " + new HashSet<>(pids));
    }

    @Test
    void starmapAppliesPairs() {
        List<Map.Entry<Integer, String>> pairs = List.of(Map.entry(2, "a"), Map.entry(3, "b"));
        assertEquals(List.of("aa", "bbb"), pool.starmap((n, s) -> s.repeat(n), pairs));
    }

    @Test
    void starmapAsyncAndNamedApplyAsyncRunTheirCallbacks() throws Exception {
        List<Map.Entry<Integer, String>> pairs = List.of(Map.entry(2, "a"), Map.entry(1, "b"), Map.entry(3, "c"));
        CompletableFuture<List<String>> called = new CompletableFuture<>();
        ClusterResult<List<String>> result = pool.starmapAsync((Integer n, String s) -> s.repeat(n), pairs, 1,
                called::complete, called::completeExceptionally);
        assertEquals(List.of("aa", "b", "ccc"), called.get(60, TimeUnit.SECONDS));
        assertEquals(List.of("aa", "b", "ccc"), result.join());
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        pool.applyAsync("run { }", (SerializableCallable<Integer>) () -> {
            throw new IllegalStateException("no result");
        }, value -> failed.complete(null), failed::complete);
        RemoteException e = assertInstanceOf(RemoteException.class, failed.get(60, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("task 0 of run { }"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void imapIsInOrderAndImapUnorderedHasEveryResultOnce() {
        List<Integer> items = IntStream.range(0, 100).boxed().collect(Collectors.toList());
        List<Integer> ordered = new ArrayList<>();
        try (ClusterImapIterator<Integer> it = pool.imap(x -> x + 1, items, 7)) {
            while (it.hasNext()) {
                ordered.add(it.next(Duration.ofSeconds(30)));
            }
        }
        assertEquals(items.stream().map(x -> x + 1).collect(Collectors.toList()), ordered);
        List<Integer> unordered = new ArrayList<>();
        try (ClusterImapIterator<Integer> it = pool.imapUnordered(x -> x + 1, items, 7)) {
            it.forEachRemaining(unordered::add);
        }
        unordered.sort(null);
        assertEquals(ordered, unordered);
    }

    @Test
    void aTaskThatThrowsFailsTheCallWithItsExceptionAndTheCallName() {
        RemoteException e = assertThrows(RemoteException.class, () -> pool.map(x -> {
            if (x == 7) {
                throw new IllegalStateException("seven");
            }
            return x;
        }, IntStream.range(0, 20).boxed().collect(Collectors.toList()), 3));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("seven", e.getCause().getMessage());
        assertTrue(e.getMessage().contains("task 7 of map()"), e.getMessage());
        // the pool goes on working
        assertEquals(4, (int) pool.apply(x -> x * 2, 2));
    }

    @Test
    void imapDeliversAFailedTaskAtItsPlaceAndGoesOn() {
        Set<Integer> seen = new HashSet<>();
        int failures = 0;
        try (ClusterImapIterator<Integer> it = pool.imap(x -> {
            if (x == 3) {
                throw new IllegalArgumentException("three");
            }
            return x;
        }, List.of(1, 2, 3, 4, 5), 1)) {
            while (it.hasNext()) {
                try {
                    seen.add(it.next());
                } catch (RemoteException e) {
                    failures++;
                }
            }
        }
        assertEquals(Set.of(1, 2, 4, 5), seen);
        assertEquals(1, failures);
    }

    @Test
    void aClassNoOneCanServeFailsTheTaskNamingTheClass() throws Exception {
        RemoteException e = assertThrows(RemoteException.class, () -> pool.apply(RenamedClasses.unservableDoubler(), 1));
        String text = e.getMessage() + " " + e.getCause();
        assertTrue(text.contains(RenamedClasses.NAME), text);
        assertEquals(4, (int) pool.apply(new Doubler(), 2)); // the same class under its own name is served
    }

    @Test
    void aDriverWithAnotherAuthkeyIsRejectedBeforeAnythingIsDeserialized(@TempDir Path dir) {
        Path wrongTrip = dir.resolve("wrong");
        ClusterConfig wrong = cluster.config().toBuilder().authkey("not the cluster's key".getBytes()).build();
        try (ClusterPool intruder = new ClusterPool(wrong)) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> intruder.apply(t -> "ran", new Tripwire(wrongTrip)));
            assertTrue(e.getMessage().contains("not signed with this cluster's authkey"), e.getMessage());
        }
        assertFalse(Files.exists(wrongTrip), "the argument was deserialized somewhere");
        // the other pool's key is not taken for this pool's: a queue shared with a task still works
        ClusterQueue<String> queue = pool.queue("after-another-key");
        pool.apply(x -> {
            queue.put("ok " + x);
            return x;
        }, 1);
        assertEquals("ok 1", queue.get(Duration.ofSeconds(30)));
        Path rightTrip = dir.resolve("right");
        assertEquals("ran", pool.apply(t -> "ran", new Tripwire(rightTrip)));
        assertTrue(Files.exists(rightTrip), "with the right key the same call deserializes its argument");
    }

    @Test
    void cancellingARunningTaskKillsTheJvmRunningItOnItsMember(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("started");
        String marker = started.toString();
        ClusterResult<String> r = pool.applyAsync(() -> {
            Files.writeString(Path.of(marker), Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(120_000);
            return "finished";
        });
        long pid = Long.parseLong(awaitFile(started));
        assertTrue(r.cancel(true));
        ProcessHandle worker = ProcessHandle.of(pid).orElse(null);
        if (worker != null) {
            worker.onExit().get(30, TimeUnit.SECONDS); // killed, not left to sleep
        }
        assertThrows(java.util.concurrent.CancellationException.class, r::join);
        assertEquals(5, (int) pool.apply(x -> x + 1, 4));
    }

    @Test
    void aFunctionIsSentAsItIsAtEachCall() {
        int[] offset = {1};
        SerializableFunction<Integer, Integer> plus = x -> x + offset[0];
        assertEquals(11, (int) pool.apply(plus, 10));
        offset[0] = 5; // what a lambda captures may change between calls
        assertEquals(15, (int) pool.apply(plus, 10));
        SerializableFunction<Integer, Integer> square = x -> x * x;
        SerializableFunction<Integer, Integer> negate = x -> -x;
        for (int i = 0; i < 3; i++) {
            assertEquals(9, (int) pool.apply(square, 3));
            assertEquals(-3, (int) pool.apply(negate, 3));
        }
    }

    @Test
    void aTaskLongerThanTheTimeoutFailsAndItsJvmIsKilled() {
        ClusterConfig timed = cluster.config().toBuilder().taskTimeout(Duration.ofSeconds(2)).build();
        try (ClusterPool timedPool = new ClusterPool(timed)) {
            long begin = System.nanoTime();
            TaskTimeoutException e = assertThrows(TaskTimeoutException.class, () -> timedPool.apply(() -> {
                Thread.sleep(120_000);
                return "finished";
            }));
            assertTrue(e.getMessage().contains("task 0 of apply()"), e.getMessage());
            assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(60), "the timeout was not enforced");
            assertEquals(3, (int) timedPool.apply(x -> x + 1, 2));
        }
    }

    /** The file's contents once it exists with some, waiting at most 60 s. */
    private static String awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (java.nio.file.WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
                    java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
            while (true) {
                if (Files.exists(file) && Files.size(file) > 0) {
                    return Files.readString(file);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + file + " within 60 s");
                }
                java.nio.file.WatchKey key = watch.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    @Test
    void applyAsyncAndTheExecutorServiceRunOnMembers() throws Exception {
        ClusterResult<Integer> r = pool.applyAsync(x -> x + 1, 41);
        assertEquals(42, r.get(Duration.ofSeconds(30)));
        assertTrue(r.successful());
        ExecutorService executor = pool.asExecutorService();
        Future<Integer> f = executor.submit((SerializableCallable<Integer>) () -> 6 * 7);
        assertEquals(42, f.get(30, TimeUnit.SECONDS));
        List<Future<Long>> all = executor.invokeAll(List.of((SerializableCallable<Long>) () -> ProcessHandle.current().pid(),
                (SerializableCallable<Long>) () -> ProcessHandle.current().pid()), 30, TimeUnit.SECONDS);
        for (Future<Long> pid : all) {
            assertTrue(pid.get() != ProcessHandle.current().pid());
        }
    }

    @Test
    void mapReportsProgressAfterEachChunkAndItsResultIsAPendingResult() {
        List<Integer> items = IntStream.range(0, 40).boxed().collect(Collectors.toList());
        List<long[]> reports = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> doubled = pool.map(x -> x * 2, items, 10, (done, total) -> reports.add(new long[] {done, total}));
        assertEquals(items.stream().map(x -> x * 2).collect(Collectors.toList()), doubled);
        assertEquals(List.of(10L, 20L, 30L, 40L), reports.stream().map(r -> r[0]).collect(Collectors.toList()));
        reports.forEach(r -> assertEquals(40L, r[1]));

        ClusterEvent go = pool.event("go-" + java.util.UUID.randomUUID());
        PendingResult<Boolean> waiting = pool.applyAsync(() -> go.await(Duration.ofSeconds(60)));
        assertFalse(waiting.ready());
        assertThrows(IllegalStateException.class, waiting::successful);
        assertFalse(waiting.await(Duration.ofMillis(50)));
        go.set();
        waiting.await();
        assertTrue(waiting.successful());
        assertTrue(waiting.join());
    }

    @Test
    void imapWithOptionsRunsAtMostMaxWorkersChunksAndReadsAtMostMaxAheadPastTheConsumer() {
        ClusterCounter running = pool.counter("running-" + java.util.UUID.randomUUID());
        ClusterCounter crowds = pool.counter("crowds-" + java.util.UUID.randomUUID());
        List<Integer> items = IntStream.range(0, 6).boxed().collect(Collectors.toList());
        List<Integer> results = new ArrayList<>();
        try (ClusterImapIterator<Integer> it = pool.imap(x -> {
            if (running.incrementAndGet() > 1) {
                crowds.incrementAndGet();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // the work: time for a second chunk to start alongside, if one may
            running.addAndGet(-1);
            return x;
        }, items, ImapOptions.ordered().maxWorkers(1))) {
            it.forEachRemaining(results::add);
        }
        assertEquals(items, results);
        assertEquals(0, crowds.get(), "chunks ran alongside despite maxWorkers(1)");

        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        Iterable<Integer> counted = () -> IntStream.range(0, 50).peek(x -> read.incrementAndGet()).iterator();
        try (ClusterImapIterator<Integer> it = pool.imapUnordered(x -> x, counted, 1)) {
            it.next(Duration.ofSeconds(30));
        }
        assertTrue(read.get() > 3, "the default reads ahead: " + read.get());
        read.set(0);
        try (ClusterImapIterator<Integer> it = pool.imap(x -> x, counted, ImapOptions.unordered().maxAhead(2))) {
            it.next(Duration.ofSeconds(30));
            // 1 taken + 2 ahead, and the one a stream's hasNext() pulls to tell whether there is more
            assertTrue(read.get() <= 4, "read " + read.get() + " items with maxAhead(2) after taking one");
        }
    }

    /** Queue, counter, lock and event shared by the driver and the tasks on the members. */
    @Nested
    class Primitives {
        @Test
        void tasksOnEveryMemberIncrementOneCounterWithoutLosingAnUpdate() {
            ClusterCounter counter = pool.counter("increments");
            List<Integer> items = IntStream.range(0, 40).boxed().collect(Collectors.toList());
            pool.map(x -> counter.incrementAndGet(), items, 4);
            assertEquals(40, counter.get());
            assertEquals(45, counter.addAndGet(5));
        }

        @Test
        void tasksPutOnAQueueTheDriverReads() {
            ClusterQueue<String> queue = pool.queue("greetings");
            pool.map(x -> {
                queue.put("hello " + x);
                return x;
            }, List.of(1, 2, 3), 1);
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                got.add(queue.get(Duration.ofSeconds(30)));
            }
            assertEquals(Set.of("hello 1", "hello 2", "hello 3"), got);
            assertThrows(dev.multiproc.queue.QueueEmptyException.class, () -> queue.get(Duration.ofMillis(100)));
        }

        @Test
        void aTaskWaitsForAnEventTheDriverSets() {
            ClusterEvent go = pool.event("go");
            ClusterResult<String> waiting = pool.applyAsync(() -> go.await(Duration.ofSeconds(60)) ? "went" : "timed out");
            assertFalse(waiting.isDone());
            go.set();
            assertEquals("went", waiting.get(Duration.ofSeconds(60)));
            assertTrue(go.isSet());
            go.clear();
            assertFalse(go.isSet());
        }

        @Test
        void aLockTheDriverHoldsIsNotGrantedToATask() {
            ClusterLock lock = pool.lock("report", Duration.ofSeconds(60));
            lock.lock();
            try {
                assertFalse(pool.<Boolean>apply(() -> lock.tryLock()));
            } finally {
                lock.unlock();
            }
            assertTrue(pool.<Boolean>apply(() -> {
                boolean taken = lock.tryLock();
                if (taken) {
                    lock.unlock();
                }
                return taken;
            }));
        }

        @Test
        void aSharedValueOfThisMachineFailsAtOnceInTheCaller() {
            SharedInt local = new SharedInt(5);
            try {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.apply(x -> local.get() + x, 1));
                assertTrue(e.getMessage().contains("lives in this machine's memory"), e.getMessage());
            } finally {
                local.close();
            }
        }
    }
}
