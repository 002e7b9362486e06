package dev.multiproc.bench.rows;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The in-order replay behind cpu.ceiling: pure arithmetic over measured chunk times. */
class CpuScalingTest {
    private static final long MS = 1_000_000;

    private static long[] chunk(long millis) {
        return new long[] {0, millis * MS};
    }

    @Test
    void equalChunksReachTwoWithFreeHandOffsAndWithHandOffsPaidPerChunk() {
        List<long[]> chunks = List.of(chunk(10), chunk(10), chunk(10), chunk(10));
        assertEquals(2.0, CpuScaling.inOrderCeiling(chunks, 0.040), 1e-9);
        // Pool(1) took 48 ms for 40 ms of work: 2 ms per chunk, so each worker ends at 24 ms
        assertEquals(2.0, CpuScaling.inOrderCeiling(chunks, 0.048), 1e-9);
    }

    @Test
    void theLastChunkGoesToTheWorkerFreeFirstAndSetsTheEnd() {
        // 1 and 2 start together; 3 goes to the worker that ran 1 (free at 1 ms), ending at 4 ms
        // against 2 ms for the other: 6 ms of work end after 4 ms, 1.5x
        List<long[]> chunks = List.of(chunk(1), chunk(2), chunk(3));
        assertEquals(1.5, CpuScaling.inOrderCeiling(chunks, 0.006), 1e-9);
    }

    @Test
    void risingChunksLikeThePrimeCountStayBelowTwo() {
        List<long[]> chunks = List.of(chunk(3), chunk(5), chunk(6), chunk(7), chunk(8), chunk(9), chunk(9), chunk(10),
                chunk(10), chunk(11), chunk(11), chunk(12), chunk(12), chunk(12), chunk(13), chunk(13));
        double work = 151e-3;
        double ceiling = CpuScaling.inOrderCeiling(chunks, work);
        assertEquals(151.0 / 79, ceiling, 1e-9);
    }

    @Test
    void countsPrimesAsCpythonDoes() {
        assertEquals(4, CpuScaling.countPrimes(new long[] {0, 10}));
        assertEquals(78_498, CpuScaling.countPrimes(new long[] {0, 1_000_000}));
    }
}
