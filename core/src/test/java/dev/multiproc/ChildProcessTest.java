package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestProcess}, on child JVMs. */
class ChildProcessTest {

    @TempDir
    Path dir;

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void blockForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void currentProcessInTheRootIsTheMainProcess() {
        ChildProcess current = Multiprocessing.currentProcess();
        assertEquals("MainProcess", current.getName());
        assertTrue(current.isAlive());
        assertFalse(current.isDaemon());
        assertNull(current.exitCode());
        assertEquals(ProcessHandle.current().pid(), current.pid());
        assertNull(Multiprocessing.parentProcess());
        assertThrows(IllegalStateException.class, current::join);
        assertThrows(IllegalStateException.class, current::start);
    }

    /** In a child: records its name, its parent's pid and its own pid. */
    static void reportIdentity(dev.multiproc.shared.SharedLongArray out) {
        out.set(0, Multiprocessing.currentProcess().getName().hashCode());
        out.set(1, Multiprocessing.parentProcess().pid());
        out.set(2, ProcessHandle.current().pid());
    }

    @Test
    void standbyChildrenRunTheProcessesTheyAreGivenAndAreReplaced() throws Exception {
        try (MultiprocessingContext warm = MultiprocessingContext.builder().standby(1).build();
             dev.multiproc.shared.SharedLongArray seen = new dev.multiproc.shared.SharedLongArray(3)) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(warm.awaitStandby(Duration.ofSeconds(60)), "a standby child is ready");
                ChildProcess p = warm.process(() -> reportIdentity(seen));
                p.setName("standby-" + i);
                p.start();
                assertTrue(p.join(Duration.ofSeconds(60)));
                assertEquals(0, p.exitCode());
                assertEquals(("standby-" + i).hashCode(), seen.get(0), "the child knows the name it was given");
                assertEquals(ProcessHandle.current().pid(), seen.get(1), "and its parent");
                assertEquals(p.pid(), seen.get(2));
                pids.add(p.pid());
                p.close();
            }
            assertEquals(3, pids.stream().distinct().count(), "each process had a JVM of its own");
        }
    }

    static void writeBoth(String path, Integer first, Double second) {
        write(Path.of(path), first + " " + second);
    }

    @Test
    void targetsTakeThreeTypedArgumentsOrAnyNumberAsAnArray() throws IOException {
        Path three = dir.resolve("three.txt");
        ChildProcess typed = new ChildProcess(ChildProcessTest::writeBoth, three.toString(), 2, 3.5);
        typed.start();
        Path five = dir.resolve("five.txt");
        ChildProcess same = new ChildProcess((String[] a) -> write(Path.of(a[0]), String.join("+", a).substring(a[0].length())),
                five.toString(), "b", "c", "d", "e");
        same.start();
        Path mixed = dir.resolve("mixed.txt");
        Object[] args = {mixed.toString(), "f", 6, 7.5, 8L};
        ChildProcess any = new ChildProcess((Object[] a) -> write(Path.of((String) a[0]),
                a[1] + " " + ((int) a[2] + 1) + " " + ((double) a[3] * 2) + " " + ((long) a[4] - 1)), args);
        args[1] = "changed after creation";
        any.start();
        for (ChildProcess p : List.of(typed, same, any)) {
            assertTrue(p.join(Duration.ofSeconds(60)));
            assertEquals(0, p.exitCode(), () -> p + " failed: " + p.exception());
        }
        assertEquals("2 3.5", Files.readString(three));
        assertEquals("+b+c+d+e", Files.readString(five));
        assertEquals("f 7 15.0 7", Files.readString(mixed));
    }

    @Test
    void runsTheTargetWithItsArgumentsInAnotherJvm() throws IOException {
        Path out = dir.resolve("out.txt");
        String target = out.toString();
        ChildProcess p = new ChildProcess((String path, String text) -> write(Path.of(path), text + " from "
                + ProcessHandle.current().pid() + " " + Multiprocessing.currentProcess().getName()), target, "hello");
        assertNull(p.pid());
        assertNull(p.exitCode());
        assertFalse(p.isAlive());
        assertTrue(p.toString().contains("initial"), p.toString());

        p.start();
        assertNotNull(p.pid());
        assertTrue(Multiprocessing.activeChildren().contains(p) || p.onExit().isDone());
        p.join();

        assertEquals(0, p.exitCode());
        assertFalse(p.isAlive());
        assertFalse(Multiprocessing.activeChildren().contains(p));
        assertEquals("hello from " + p.pid() + " " + p.getName(), Files.readString(out));
        assertTrue(p.toString().contains("stopped exitcode=0"), p.toString());
        assertNull(p.exception());
    }

    @Test
    void namesFollowPythonsIdentityScheme() {
        ChildProcess a = new ChildProcess(() -> { });
        ChildProcess b = new ChildProcess(() -> { });
        assertTrue(a.getName().matches("Process-\\d+"), a.getName());
        int first = Integer.parseInt(a.getName().substring("Process-".length()));
        assertEquals("Process-" + (first + 1), b.getName());
        ChildProcess named = new ChildProcess("worker", () -> { });
        assertEquals("worker", named.getName());
    }

    @Test
    void anUncaughtExceptionGivesExitCodeOneAndTheRemoteException() {
        ChildProcess p = new ChildProcess(() -> {
            throw new IllegalArgumentException("bad value 42");
        });
        p.start();
        p.join();
        assertEquals(1, p.exitCode());
        RemoteException e = p.exception();
        assertNotNull(e);
        assertEquals(IllegalArgumentException.class.getName(), e.remoteClassName());
        assertTrue(e.getMessage().contains(p.getName()) && e.getMessage().contains("bad value 42"), e.getMessage());
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("bad value 42", cause.getMessage());
        assertTrue(cause.getStackTrace()[0].getMethodName().contains("lambda"), "the remote stack trace is kept");
    }

    static class Unshippable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final transient Object ignored = null;
        private final Object handle = new Object();

        Unshippable() {
            super("cannot travel");
        }
    }

    @Test
    void anExceptionThatCannotBeSerializedArrivesAsARemoteTraceback() {
        ChildProcess p = new ChildProcess(() -> {
            throw new Unshippable();
        });
        p.start();
        p.join();
        assertEquals(1, p.exitCode());
        RemoteTraceback trace = assertInstanceOf(RemoteTraceback.class, p.exception().getCause());
        assertEquals(Unshippable.class.getName(), trace.remoteClassName());
        assertTrue(trace.getMessage().contains("cannot travel"), trace.getMessage());
    }

    @Test
    void systemExitCodesArePassedThrough() {
        // 1 and 2 are also what a JVM that failed to start exits with: these are not start failures
        int[] codes = {0, 1, 2, 3, 100};
        List<ChildProcess> processes = new ArrayList<>();
        for (int code : codes) {
            ChildProcess p = new ChildProcess(() -> System.exit(code));
            p.start();
            processes.add(p);
        }
        for (int i = 0; i < codes.length; i++) {
            processes.get(i).join();
            assertEquals(codes[i], processes.get(i).exitCode());
        }
    }

    @Test
    void terminateGivesMinusSigterm() {
        ChildProcess p = new ChildProcess(ChildProcessTest::blockForever);
        p.start();
        assertFalse(p.join(Duration.ofMillis(200)), "still running");
        assertNull(p.exitCode());
        assertTrue(p.isAlive());
        p.terminate();
        assertTrue(p.join(Duration.ofSeconds(30)));
        assertEquals(-15, p.exitCode());
        assertFalse(p.isAlive());
        p.terminate(); // no effect once exited
        assertEquals(-15, p.exitCode());
    }

    @Test
    void killGivesMinusSigkill() {
        ChildProcess p = new ChildProcess(ChildProcessTest::blockForever);
        p.start();
        p.kill();
        p.join();
        assertEquals(-9, p.exitCode());
    }

    @Test
    void onExitCompletesWithTheProcess() throws Exception {
        ChildProcess p = new ChildProcess(() -> { });
        p.start();
        assertSame(p, p.onExit().get(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitCode());
    }

    /** kotlinx.coroutines' future.await() cancels the future when the awaiting coroutine is cancelled. */
    @Test
    void cancellingAnOnExitFutureLeavesTheProcessAliveAndStoppable() {
        ChildProcess p = new ChildProcess(ChildProcessTest::blockForever);
        p.start();
        assertSame(p.onExit(), p.onExit(), "one future per process");
        assertFalse(p.onExit().cancel(true), "a process's exit cannot be cancelled");
        assertFalse(p.onExit().complete(p), "only the exit completes it");
        assertTrue(p.isAlive(), "cancelling onExit() made the process look exited");
        assertFalse(p.onExit().isDone());
        p.kill();
        assertTrue(p.join(Duration.ofSeconds(60)), "kill() did nothing");
        assertEquals(-9, p.exitCode());
        assertTrue(p.onExit().isDone());
    }

    @Test
    void onExitAndJoinBeforeStartFailAtOnceNamingTheProcess() {
        ChildProcess p = new ChildProcess("never-started", () -> { });
        IllegalStateException onExit = assertThrows(IllegalStateException.class, p::onExit);
        assertTrue(onExit.getMessage().contains("not started") && onExit.getMessage().contains("never-started"),
                onExit.getMessage());
        IllegalStateException join = assertThrows(IllegalStateException.class, () -> p.join(Duration.ofSeconds(1)));
        assertTrue(join.getMessage().contains("never-started"), join.getMessage());
        assertThrows(IllegalStateException.class, () -> dev.multiproc.connection.Connections.wait(List.of(p), Duration.ZERO));
    }

    @Test
    void startTwiceAndJoinBeforeStartAreErrors() {
        ChildProcess p = new ChildProcess(() -> { });
        assertThrows(IllegalStateException.class, p::join);
        p.start();
        assertThrows(IllegalStateException.class, p::start);
        p.join();
        assertThrows(IllegalStateException.class, p::start);
    }

    @Test
    void closeWhileRunningThrowsAndAfterwardsEverythingThrows() {
        ChildProcess p = new ChildProcess(ChildProcessTest::blockForever);
        p.start();
        IllegalStateException running = assertThrows(IllegalStateException.class, p::close);
        assertTrue(running.getMessage().contains("still running"), running.getMessage());
        p.kill();
        p.join();
        p.close();
        p.close();
        assertThrows(IllegalStateException.class, p::isAlive);
        assertThrows(IllegalStateException.class, p::join);
        assertThrows(IllegalStateException.class, p::exitCode);
        assertThrows(IllegalStateException.class, p::pid);
        assertTrue(p.toString().contains("closed"));
    }

    @Test
    void daemonFlagIsInheritedWhenUnsetAndFixedAfterStart() {
        ChildProcess p = new ChildProcess(() -> System.exit(Multiprocessing.currentProcess().isDaemon() ? 11 : 10));
        assertFalse(p.isDaemon());
        p.start();
        assertThrows(IllegalStateException.class, () -> p.setDaemon(true));
        p.join();
        assertEquals(10, p.exitCode());

        ChildProcess daemon = new ChildProcess(() -> {
            ChildProcess grandchild = new ChildProcess(() -> { });
            System.exit(grandchild.isDaemon() ? 21 : 20);
        });
        daemon.setDaemon(true);
        daemon.start();
        daemon.join();
        assertEquals(21, daemon.exitCode(), "a daemon's children are daemons unless set");
    }

    @Test
    void childrenCanStartChildrenTwoLevelsDeep(@TempDir Path out) throws IOException {
        String path = out.resolve("names.txt").toString();
        ChildProcess p = new ChildProcess(() -> {
            ChildProcess child = new ChildProcess(() -> {
                ChildProcess grandchild = new ChildProcess(() -> write(Path.of(path),
                        Multiprocessing.currentProcess().getName() + " parent=" + Multiprocessing.parentProcess().getName()));
                grandchild.start();
                grandchild.join();
                System.exit(grandchild.exitCode() + 30);
            });
            child.start();
            child.join();
            System.exit(child.exitCode() + 1);
        });
        p.start();
        p.join();
        assertEquals(31, p.exitCode());
        String n = p.getName();
        assertEquals(n + ":1:1 parent=" + n + ":1", Files.readString(out.resolve("names.txt")));
    }

    @Test
    void parentProcessIsVisibleFromTheChild() {
        long me = ProcessHandle.current().pid();
        ChildProcess p = new ChildProcess(() -> {
            ChildProcess parent = Multiprocessing.parentProcess();
            boolean ok = parent.getName().equals("MainProcess") && parent.pid() == me && parent.isAlive();
            System.exit(ok ? 0 : 5);
        });
        p.start();
        p.join();
        assertEquals(0, p.exitCode());
    }

    static class Counter extends ChildProcess {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final int upTo;

        Counter(String path, int upTo) {
            this.path = path;
            this.upTo = upTo;
        }

        @Override
        public void run() {
            StringBuilder s = new StringBuilder();
            for (int i = 1; i <= upTo; i++) {
                s.append(i).append(' ');
            }
            write(Path.of(path), s.toString().trim());
        }
    }

    @Test
    void subclassesOverrideRunAndCarryTheirFields() throws IOException {
        Path out = dir.resolve("count.txt");
        Counter c = new Counter(out.toString(), 5);
        c.start();
        c.join();
        assertEquals(0, c.exitCode());
        assertEquals("1 2 3 4 5", Files.readString(out));
        assertTrue(c.toString().startsWith("<Counter"), c.toString());
    }

    @Test
    void theChildWaitsForItsNonDaemonThreadsBeforeExiting() throws IOException {
        Path out = dir.resolve("late.txt");
        String path = out.toString();
        ChildProcess p = new ChildProcess(() -> {
            CountDownLatch mainReturned = new CountDownLatch(1);
            Thread late = new Thread(() -> {
                try {
                    mainReturned.await();
                } catch (InterruptedException e) {
                    return;
                }
                write(Path.of(path), "written after run() returned");
            });
            late.start();
            mainReturned.countDown();
        });
        p.start();
        p.join();
        assertEquals(0, p.exitCode());
        assertEquals("written after run() returned", Files.readString(out));
    }

    @Test
    void anUnserializableTargetFailsStartNamingTheCulpritAndSpawnsNothing() {
        Thread notSerializable = new Thread(() -> { });
        ChildProcess p = new ChildProcess(() -> System.out.println(notSerializable.getName()));
        SerializationException e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains("java.lang.Thread is not Serializable"), e.getMessage());
        assertTrue(e.getMessage().contains("captured arg 0"), e.getMessage());
        assertTrue(e.getMessage().contains(p.getName()), e.getMessage());
        assertNull(p.pid(), "nothing was spawned");
        assertFalse(Multiprocessing.activeChildren().contains(p));
    }

    @Test
    void aChildThatCannotStartFailsJoinWithItsStderr() {
        MultiprocessingContext broken = MultiprocessingContext.builder().jvmOptions("-XX:+NoSuchVmOption").build();
        ChildProcess p = broken.process(() -> { });
        p.start();
        ProcessStartException e = assertThrows(ProcessStartException.class, p::join);
        assertTrue(e.getMessage().contains("NoSuchVmOption"), e.getMessage());
        assertEquals(1, p.exitCode());
    }

    static void checkLength(byte[] payload, int expected) {
        int sum = 0;
        for (byte b : payload) {
            sum += b;
        }
        System.exit(payload.length == expected && sum == expected ? 0 : 3);
    }

    @Test
    void aTargetLargerThanThePipeBufferReachesTheChild() {
        int size = 4 << 20; // the run request is written on the child's stdin, whose buffer is 64 KiB
        byte[] payload = new byte[size];
        java.util.Arrays.fill(payload, (byte) 1);
        ChildProcess p = new ChildProcess(ChildProcessTest::checkLength, payload, size);
        p.start();
        assertTrue(p.join(Duration.ofSeconds(60)));
        assertEquals(0, p.exitCode());
    }

    /** Runs {@code body} with {@code System.err} (or {@code System.out}) captured; returns what was printed. */
    private static String captured(boolean stderr, Runnable body) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = stderr ? System.err : System.out;
        java.io.PrintStream capture = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (stderr) {
            System.setErr(capture);
        } else {
            System.setOut(capture);
        }
        try {
            body.run();
        } finally {
            if (stderr) {
                System.setErr(original);
            } else {
                System.setOut(original);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void childStderrReachesTheParentWithNothingAdded() {
        String err = captured(true, () -> {
            ChildProcess p = new ChildProcess(() -> {
                System.err.print("first");
                System.err.println(" line");
                System.err.println("second line");
            });
            p.start();
            p.join();
            assertEquals(0, p.exitCode());
        });
        assertEquals("first line\nsecond line\n", err);
    }

    @Test
    void childOutputReachesTheParentsStreams() {
        String out = captured(false, () -> {
            MultiprocessingContext prefixed = MultiprocessingContext.builder().prefixOutput(true).build();
            ChildProcess p = prefixed.process(() -> System.out.println("line one\nline two"));
            p.setName("echo");
            p.start();
            p.join();
        });
        assertEquals("[echo] line one\n[echo] line two\n", out);
    }

    @Test
    void manyProcessesStartAndJoin() {
        List<ChildProcess> processes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int code = i;
            ChildProcess p = new ChildProcess(() -> System.exit(code));
            p.start();
            processes.add(p);
        }
        for (int i = 0; i < processes.size(); i++) {
            processes.get(i).join();
            assertEquals(i, processes.get(i).exitCode());
        }
    }

    @Test
    void cpuCountIsPositive() {
        assertTrue(Multiprocessing.cpuCount() >= 1);
        assertEquals(Runtime.getRuntime().availableProcessors(), Multiprocessing.cpuCount());
    }
}
