package dev.multiproc.bench.rows;

import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Scale;
import dev.multiproc.pool.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * CPython's section 8 in one loop: the prime count on Pool(1) and Pool(2), and the machine's
 * calibration (one busy loop vs two at once on Pool(2)), interleaved so that drifting load hits
 * all four alike. Rows {@code cpu.speedup} and {@code cpu.calibration} read the same run.
 *
 * <p>Why a calibration of our own: the goal is a share of what two cores give, and on this shared
 * VM that moves from minute to minute. CPython's figure comes from its own run, minutes apart, and
 * read 1.60, 1.67, 1.83 and 2.14 in four runs of one quiet hour (2.14 is more than two cores can
 * give); measured alongside ours it is the denominator the goal means. The table shows both.
 *
 * <p>Why a ceiling: the 16 chunks are equal ranges of rising cost (the last takes 4x the first),
 * and a pool hands them out in order, one to whichever worker is free. The busier worker then
 * ends after more than half the work, so even with free hand-offs two workers stay below 2.0.
 * {@link #ceiling} replays that dispatch on the chunk times Pool(1)'s worker measured in the same
 * loop, with the hand-off it paid per chunk, so each run shows how much of the gap is the workload.
 *
 * <p>Why plain threads too: the same chunks on two threads of this JVM against one ({@link
 * #threads}) are what the machine gives this workload with no processes at all. On this host the
 * trial division has rounds that the busy loop does not: in probes of 16-40 interleaved pairs, on
 * threads and on plain processes alike, some pairs of division loops scaled 1.02-1.17 (medians
 * 1.91-1.99) while the busy loop next to them never read below 1.80: two vCPUs that share a
 * core's integer divider at times, which no pool can win back.
 */
record CpuScaling(double speedup, double calibration, double ceiling, double threads) {
    private static Scale measuredAt;
    private static CpuScaling measured;

    /** The run for {@code scale}: measured once, on first use. */
    static synchronized CpuScaling of(Scale scale) throws Exception {
        if (measured == null || !scale.equals(measuredAt)) {
            measured = measure(scale);
            measuredAt = scale;
        }
        return measured;
    }

    /**
     * The count CPython's count_primes makes, by trial division over [from, to). It tries every
     * divisor where CPython's tries the odd ones: the same rising cost per chunk, twice the work.
     */
    static long countPrimes(long[] range) {
        long count = 0;
        for (long n = range[0]; n < range[1]; n++) {
            if (n < 2) {
                continue;
            }
            boolean prime = true;
            for (long d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    /** {@link #countPrimes} and the nanoseconds it took, measured in the worker. */
    static long[] timedCount(long[] range) {
        long start = System.nanoTime();
        long count = countPrimes(range);
        return new long[] {count, System.nanoTime() - start};
    }

    /** CPython's spin: a busy loop the JIT cannot fold (each step needs the last). */
    static long spin(long n) {
        long x = 0;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + i;
        }
        return x;
    }

    private static CpuScaling measure(Scale scale) throws Exception {
        long limit = scale.n(1_000_000);
        int chunks = 16;
        long step = (limit + chunks - 1) / chunks;
        List<long[]> ranges = new ArrayList<>();
        for (long i = 0; i < limit; i += step) {
            ranges.add(new long[] {i, Math.min(i + step, limit)});
        }
        // about as long as one Pool(1) prime count
        long spinN = scale.n(100_000_000);
        List<Callable<Long>> threadTasks = ranges.stream().<Callable<Long>>map(range -> () -> countPrimes(range)).toList();
        ExecutorService oneThread = Executors.newFixedThreadPool(1);
        ExecutorService twoThreads = Executors.newFixedThreadPool(2);
        try (Pool one = PoolRows.readyPool(1); Pool two = PoolRows.readyPool(2)) {
            for (int warm = 0; warm < 3; warm++) {  // JIT-compile the tasks in every worker and here
                one.map(CpuScaling::timedCount, ranges, 1);
                two.map(CpuScaling::timedCount, ranges, 1);
                two.map(CpuScaling::spin, List.of(spinN, spinN), 1);
                twoThreads.invokeAll(threadTasks);
            }
            // 5 rounds at least: a round takes about a second, and with 3 one slow round moved the
            // median (0.88x and 0.94x in runs where the others read 0.98x-1.32x); 9 in a full run,
            // where the median of 5 still moved by 0.03 between runs minutes apart
            int reps = Math.max(scale.quick() ? 5 : 9, scale.reps());
            double[] t1 = new double[reps];
            double[] t2 = new double[reps];
            double[] c1 = new double[reps];
            double[] c2 = new double[reps];
            double[] ceilings = new double[reps];
            double[] x1 = new double[reps];
            double[] x2 = new double[reps];
            for (int r = 0; r < reps; r++) {
                List<long[]> alone = new ArrayList<>();
                List<long[]> paired = new ArrayList<>();
                t1[r] = time(() -> alone.addAll(one.map(CpuScaling::timedCount, ranges, 1)));
                t2[r] = time(() -> paired.addAll(two.map(CpuScaling::timedCount, ranges, 1)));
                long expected = primes(alone);
                requireCount(expected, primes(paired), "Pool(2)");
                c1[r] = time(() -> two.map(CpuScaling::spin, List.of(spinN), 1));
                c2[r] = time(() -> two.map(CpuScaling::spin, List.of(spinN, spinN), 1));
                ceilings[r] = inOrderCeiling(alone, t1[r]);
                x1[r] = time(() -> requireCount(expected, sum(oneThread, threadTasks), "1 thread"));
                x2[r] = time(() -> requireCount(expected, sum(twoThreads, threadTasks), "2 threads"));
            }
            return new CpuScaling(Measure.median(t1) / Measure.median(t2), 2 * Measure.median(c1) / Measure.median(c2),
                    Measure.median(ceilings), Measure.median(x1) / Measure.median(x2));
        } finally {
            oneThread.shutdownNow();
            twoThreads.shutdownNow();
        }
    }

    /** The tasks on {@code threads}, queued in order as a pool hands them out. */
    private static long sum(ExecutorService threads, List<Callable<Long>> tasks) {
        try {
            long total = 0;
            for (Future<Long> count : threads.invokeAll(tasks)) {
                total += count.get();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting on threads", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("counting on threads failed", e.getCause());
        }
    }

    private static void requireCount(long poolOfOne, long counted, String where) {
        if (counted != poolOfOne) {
            throw new IllegalStateException("Pool(1) counted " + poolOfOne + " primes, " + where + " " + counted);
        }
    }

    private static long primes(List<long[]> timedChunks) {
        return timedChunks.stream().mapToLong(chunk -> chunk[0]).sum();
    }

    /**
     * The speed-up two workers would reach over Pool(1)'s run, given its chunk times (in order)
     * and its wall time: each chunk, with Pool(1)'s mean hand-off added, goes to the worker that
     * is free first, as the pool dispatches it.
     */
    static double inOrderCeiling(List<long[]> timedChunks, double oneWorkerSeconds) {
        double work = 0;
        for (long[] chunk : timedChunks) {
            work += chunk[1] / 1e9;
        }
        double handOff = Math.max(0, oneWorkerSeconds - work) / timedChunks.size();
        double[] busyUntil = new double[2];
        for (long[] chunk : timedChunks) {
            int free = busyUntil[0] <= busyUntil[1] ? 0 : 1;
            busyUntil[free] += handOff + chunk[1] / 1e9;
        }
        return oneWorkerSeconds / Math.max(busyUntil[0], busyUntil[1]);
    }

    private static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
