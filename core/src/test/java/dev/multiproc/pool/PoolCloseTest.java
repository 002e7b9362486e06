package dev.multiproc.pool;

import dev.multiproc.MultiprocessingContext;
import dev.multiproc.shared.SharedInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Closing a pool whose workers are still starting: CPython lets each of them run its initializer;
 * without an initializer there is nothing for them to do, and they are stopped at once.
 */
class PoolCloseTest {

    static void count(SharedInt runs) {
        runs.incrementAndGet();
    }

    @Test
    void aPoolClosedBeforeAnyTaskStillRunsTheInitializerOfEachWorker() {
        try (SharedInt runs = new SharedInt()) {
            Pool pool = Pool.builder().processes(2).initializer(PoolCloseTest::count, runs).build();
            pool.close();
            assertTrue(pool.join(Duration.ofSeconds(60)), "join() after close() did not return");
            assertEquals(2, runs.get(), "initializer runs");
        }
    }

    @Test
    void terminateStillStopsWorkersThatAreStarting() {
        try (SharedInt runs = new SharedInt()) {
            Pool pool = Pool.builder().processes(2).initializer(PoolCloseTest::count, runs).build();
            pool.terminate();
            assertTrue(pool.join(Duration.ofSeconds(60)), "join() after terminate() did not return");
        }
    }

    /**
     * The worker's JVM waits at start-up for a file that nobody removes ({@code PauseAtStartup}),
     * so it never connects: close() must stop it rather than wait for it to finish starting.
     */
    @Test
    void closeStopsAWorkerStillStartingWhenThereIsNoInitializer(@TempDir Path dir) throws Exception {
        MultiprocessingContext paused = MultiprocessingContext.builder().jvmOptions("-XX:+UnlockDiagnosticVMOptions",
                "-XX:+PauseAtStartup", "-XX:PauseAtStartupFile=" + dir.resolve("paused")).build();
        Pool pool = Pool.builder().processes(1).context(paused).build();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(pool::close);
        try {
            closed.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            pool.terminate();
            closed.get(60, TimeUnit.SECONDS);
            fail("close() waited for a worker that could not finish starting");
        }
        assertTrue(pool.join(Duration.ofSeconds(60)), "the workers exited");
    }
}
