package dev.multiproc.pool;

import dev.multiproc.shared.SharedInt;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing a pool whose workers are still starting: CPython lets each of them run its initializer. */
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
}
