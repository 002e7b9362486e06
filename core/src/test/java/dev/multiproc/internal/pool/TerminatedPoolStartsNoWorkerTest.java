package dev.multiproc.internal.pool;

import dev.multiproc.Multiprocessing;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replacement worker decided on before terminate() and started after it: the supervisor checks
 * that the pool wants workers, then starts one outside the lock, and terminate() can run in
 * between. That worker used to be spawned into a pool that no longer wanted it. Here the late
 * start is made directly, so the race is certain.
 */
class TerminatedPoolStartsNoWorkerTest {

    @Test
    void aWorkerStartedAfterTerminateIsNotSpawnedAndTerminationCompletes() {
        PoolCore core = new PoolCore(new PoolConfig(1, null, 0, null, Multiprocessing.defaultContext(), "Pool"));
        Set<Long> before = children();
        core.terminate();
        core.supervisor.startWorker();
        Set<Long> spawned = children();
        spawned.removeAll(before);
        assertEquals(Set.of(), spawned, "JVMs spawned by a terminated pool");
        assertTrue(core.awaitTermination(Duration.ofSeconds(60)), "the pool did not terminate");
        core.lock.lock();
        try {
            assertEquals(0, core.workers.size(), "workers left in a terminated pool");
        } finally {
            core.lock.unlock();
        }
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
