package dev.multiproc.pool;

import dev.multiproc.MultiprocessingContext;
import dev.multiproc.ProcessStartException;
import dev.multiproc.internal.runtime.JvmProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPython's {@code TestPoolNotLeakOnFailure}, and pools created and closed in a loop. */
class PoolLeakTest {

    @Test
    void hundredCreateCloseCyclesLeaveNothingBehind() throws Exception {
        try (MultiprocessingContext warm = MultiprocessingContext.builder().standby(2).build()) {
            for (int i = 0; i < 100; i++) {
                try (Pool p = Pool.builder().processes(1).context(warm).build()) {
                    assertEquals(i * i, (int) p.apply(PoolTest::sqr, i));
                }
            }
        }
        // the context's dismissed standby JVMs exit on their own; pool workers are already gone
        for (ProcessHandle child : ProcessHandle.current().children().filter(PoolLeakTest::isWorker).toList()) {
            child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
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
        MultiprocessingContext broken = MultiprocessingContext.builder().jvmOptions("-XX:+NoSuchOptionForMultiproc").build();
        Pool p = Pool.builder().processes(5).context(broken).build();
        BrokenPoolException e = assertThrows(BrokenPoolException.class, () -> p.map(PoolTest::sqr, PoolTest.range(10)));
        assertTrue(e.getMessage().contains("cannot start workers"), e.getMessage());
        assertInstanceOf(BrokenPoolException.class, assertThrows(BrokenPoolException.class, () -> p.apply(PoolTest::sqr, 1)));
        p.close();
        assertEquals(0, ProcessHandle.current().children().filter(PoolLeakTest::isWorker).filter(ProcessHandle::isAlive).count());
        assertTrue(ProcessStartException.class.getName().length() > 0);
    }
}
