package dev.multiproc.samples;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The seed articles' Pool examples. */
final class PoolSamples {
    private PoolSamples() {
    }

    // --- pool-names: Pool(5).map over 15 worker names ------------------------------------

    static String work(String name) {
        ProcessSamples.sleep(Duration.ofMillis(200));
        return name + " done by " + Multiprocessing.currentProcess().getName() + " (pid " + ProcessHandle.current().pid() + ")";
    }

    static void poolNames(String[] args) throws InterruptedException {
        List<String> names = IntStream.rangeClosed(1, 15).mapToObj(i -> "worker-" + i).toList();
        try (Pool pool = new Pool(5)) {
            long start = System.nanoTime();
            List<String> results = pool.map(PoolSamples::work, names);
            results.forEach(System.out::println);
            System.out.printf("15 tasks of 200 ms on 5 processes in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
    }

    // --- pool-square: Pool(4).map(square, [1, 2, 3, 4]) -------------------------------------

    static int square(int x) {
        return x * x;
    }

    static void poolSquare(String[] args) {
        try (Pool pool = new Pool(4)) {
            System.out.println(pool.map(PoolSamples::square, List.of(1, 2, 3, 4)));
        }
    }

    // --- cpu-scaling: the same CPU-bound job with 1, 2, ... processes -----------------------

    /** Counts the primes in [from, to) by trial division: pure CPU, no allocation. */
    static long countPrimes(long[] range) {
        long count = 0;
        for (long n = Math.max(2, range[0]); n < range[1]; n++) {
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

    /** [from, to) ranges splitting [0, limit) in {@code chunks} pieces. */
    static List<long[]> split(long limit, int chunks) {
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            ranges.add(new long[] {limit * i / chunks, limit * (i + 1) / chunks});
        }
        return ranges;
    }

    static void cpuScaling(String[] args) throws InterruptedException {
        long limit = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000;
        int cores = Multiprocessing.cpuCount();
        List<Integer> sizes = new ArrayList<>();
        for (int n = 1; n <= cores; n *= 2) {
            sizes.add(n);
        }
        if (!sizes.contains(cores)) {
            sizes.add(cores);
        }
        sizes.add(cores * 2);
        List<long[]> chunks = split(limit, 32);
        System.out.printf("count primes below %,d in %d chunks; this machine has %d CPUs%n", limit, chunks.size(), cores);
        System.out.println("processes   time (s)   speed-up");
        double base = 0;
        long expected = -1;
        for (int processes : sizes) {
            try (Pool pool = new Pool(processes)) {
                pool.awaitReady(Duration.ofMinutes(2)); // time the work, not the JVM start-up
                pool.map(PoolSamples::countPrimes, split(10_000, processes)); // warm the workers' JIT
                long start = System.nanoTime();
                long primes = pool.map(PoolSamples::countPrimes, chunks, 1).stream().mapToLong(Long::longValue).sum();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (expected >= 0 && primes != expected) {
                    throw new IllegalStateException("different answers: " + primes + " vs " + expected);
                }
                expected = primes;
                base = base == 0 ? seconds : base;
                System.out.printf("%9d   %8.2f   %7.2fx%s%n", processes, seconds, base / seconds,
                        processes > cores ? "   (more processes than CPUs)" : "");
            }
        }
        System.out.printf("%,d primes%n", expected);
    }
}
