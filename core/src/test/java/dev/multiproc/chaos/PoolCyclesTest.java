package dev.multiproc.chaos;

import dev.multiproc.MultiprocessingContext;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.List;
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
        try (MultiprocessingContext warm = MultiprocessingContext.builder().standby(2).build()) {
            run(warm, cycles);
        }
    }

    private static void run(MultiprocessingContext context, int cycles) throws InterruptedException {
        List<Integer> input = IntStream.range(0, 20).boxed().collect(Collectors.toList());
        List<Integer> expected = input.stream().map(PoolCyclesTest::square).collect(Collectors.toList());
        for (int i = 0; i < WARM_UP; i++) {
            cycle(context, input, expected);
        }
        long fds = openFds();
        int exitActions = JvmProcess.current().exitActionCount();
        long heap = usedHeapAfterGc();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle(context, input, expected);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int threads = settledThreadCount();
        long fdGrowth = openFds() - fds;
        long heapGrowth = usedHeapAfterGc() - heap;
        System.out.printf("pool cycles: %d in %d ms; fds %+d, exit actions %+d, heap %+d KiB, threads %d%n",
                cycles, millis, fdGrowth, JvmProcess.current().exitActionCount() - exitActions, heapGrowth >> 10, threads);
        assertEquals(exitActions, JvmProcess.current().exitActionCount(), "exit actions left by closed pools");
        assertTrue(fdGrowth <= 4, "file descriptors grew by " + fdGrowth + " over " + cycles + " cycles");
        assertTrue(heapGrowth < 16L << 20, "heap grew by " + heapGrowth + " bytes over " + cycles + " cycles");
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("Pool-")).count(), "pool threads left");
    }

    private static void cycle(MultiprocessingContext context, List<Integer> input, List<Integer> expected) {
        try (Pool pool = Pool.builder().processes(2).context(context).build()) {
            assertEquals(expected, pool.map(PoolCyclesTest::square, input));
        }
    }

    private static long openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
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
