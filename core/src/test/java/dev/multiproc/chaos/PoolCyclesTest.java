package dev.multiproc.chaos;

import dev.multiproc.MultiprocessingContext;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pools opened, used and closed in a loop leave nothing behind: file descriptors, threads, exit
 * actions and heap stay flat. {@code -Dmultiproc.chaos.cycles=N} sets the number of cycles (30 by
 * default, to keep the suite fast; 500 in the long run).
 */
class PoolCyclesTest {
    private static final int WARM_UP = 10;

    static int square(int x) {
        return x * x;
    }

    @Test
    @Timeout(900)
    void openMapCloseCyclesLeaveFdsThreadsAndHeapFlat() throws Exception {
        int cycles = Integer.getInteger("multiproc.chaos.cycles", 30);
        List<Integer> input = IntStream.range(0, 20).boxed().collect(Collectors.toList());
        List<Integer> expected = input.stream().map(PoolCyclesTest::square).collect(Collectors.toList());
        // Measured with no context open: a context's standby JVMs hold pipes and sockets of their
        // own, which come and go as they are used and replaced.
        runCycles(WARM_UP, input, expected);
        Map<String, String> fdsBefore = fdTargets();
        int exitActions = JvmProcess.current().exitActionCount();
        long heap = usedHeapAfterGc();
        long start = System.nanoTime();
        runCycles(cycles, input, expected);
        long millis = (System.nanoTime() - start) / 1_000_000;
        int threads = settledThreadCount();
        Map<String, String> fdsAfter = fdTargets();
        long fdGrowth = fdsAfter.size() - fdsBefore.size();
        long heapGrowth = usedHeapAfterGc() - heap;
        System.out.printf("pool cycles: %d in %d ms; fds %+d, exit actions %+d, heap %+d KiB, threads %d%n",
                cycles, millis, fdGrowth, JvmProcess.current().exitActionCount() - exitActions, heapGrowth >> 10, threads);
        assertEquals(exitActions, JvmProcess.current().exitActionCount(), "exit actions left by closed pools");
        fdsAfter.keySet().removeAll(fdsBefore.keySet());
        assertTrue(fdGrowth <= 2, "file descriptors grew by " + fdGrowth + " over " + cycles + " cycles: " + fdsAfter);
        assertTrue(heapGrowth < 16L << 20, "heap grew by " + heapGrowth + " bytes over " + cycles + " cycles");
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("Pool-")).count(), "pool threads left");
    }

    /** Cycles in a context with standby JVMs (fast starts), closed after, its children gone. */
    private static void runCycles(int cycles, List<Integer> input, List<Integer> expected) throws Exception {
        try (MultiprocessingContext warm = MultiprocessingContext.builder().standby(2).build()) {
            for (int i = 0; i < cycles; i++) {
                cycle(warm, input, expected);
            }
        }
        for (ProcessHandle child : ProcessHandle.current().children().collect(Collectors.toList())) {
            child.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    private static void cycle(MultiprocessingContext context, List<Integer> input, List<Integer> expected) {
        try (Pool pool = Pool.builder().processes(2).context(context).build()) {
            assertEquals(expected, pool.map(PoolCyclesTest::square, input));
        }
    }

    /** Open descriptors and what they point at. */
    private static Map<String, String> fdTargets() {
        Map<String, String> targets = new TreeMap<>();
        String[] fds = new File("/proc/self/fd").list();
        for (String fd : fds == null ? new String[0] : fds) {
            try {
                targets.put(fd, java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd", fd)).toString());
            } catch (java.io.IOException closedMeanwhile) {
                // the descriptor used to list the directory, or one closed since
            }
        }
        return targets;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Threads of closed pools may take a moment to return; waits for them, then counts all threads. */
    private static int settledThreadCount() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("Pool-")) {
                t.join(10_000);
            }
        }
        return Thread.activeCount();
    }
}
