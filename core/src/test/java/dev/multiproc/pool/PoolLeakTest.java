package dev.multiproc.pool;

import dev.multiproc.MultiprocessingContext;
import dev.multiproc.internal.runtime.JvmProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPython's {@code TestPoolNotLeakOnFailure}, and pools created and closed in a loop. */
class PoolLeakTest {

    /** Forty cycles: a cycle takes a standby JVM's boot, over a second on a loaded two-core machine. */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void createCloseCyclesLeaveNothingBehind() throws Exception {
        try (MultiprocessingContext warm = MultiprocessingContext.builder().standby(2).build()) {
            for (int i = 0; i < 40; i++) {
                try (Pool p = Pool.builder().processes(1).context(warm).build()) {
                    assertEquals(i * i, (int) p.apply(PoolTest::sqr, i));
                }
            }
        }
        // the context's dismissed standby JVMs exit on their own; pool workers are already gone
        for (ProcessHandle child : ProcessHandle.current().children().filter(PoolLeakTest::isWorker).toList()) {
            child.onExit().get(30, TimeUnit.SECONDS);
        }
        try (Stream<java.nio.file.Path> files = Files.list(JvmProcess.current().runtimeDir())) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("p")).count(), "pool sockets left");
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("Pool-")) {
                t.join(10_000); // a reader or supervisor thread may still be returning
            }
        }
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("Pool-") && t.isAlive()).count();
        assertEquals(0, threads, "pool threads left");
    }

    private static boolean isWorker(ProcessHandle p) {
        return p.info().commandLine().orElse("").contains("ChildMain");
    }

    @Test
    void workersThatCannotStartBreakThePoolAndLeaveNoProcess() {
        Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        MultiprocessingContext broken = MultiprocessingContext.builder().jvmOptions("-XX:+NoSuchOptionForMultiproc").build();
        Pool p = Pool.builder().processes(5).context(broken).build();
        BrokenPoolException e = assertThrows(BrokenPoolException.class, () -> p.map(PoolTest::sqr, PoolTest.range(10)));
        assertTrue(e.getMessage().contains("cannot start workers"), e.getMessage());
        assertInstanceOf(BrokenPoolException.class, assertThrows(BrokenPoolException.class, () -> p.apply(PoolTest::sqr, 1)));
        p.close();
        // only this pool's children: another test's exiting standby JVMs are not this pool's leak
        assertEquals(List.of(), ProcessHandle.current().children().filter(PoolLeakTest::isWorker)
                .filter(ProcessHandle::isAlive).filter(c -> !before.contains(c.pid())).toList());
    }
}
