package dev.multiproc.samples;

import dev.multiproc.ChildProcess;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import dev.multiproc.queue.ProcessQueue;
import dev.multiproc.sync.ProcessLock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Article 002, multiprocessing after threading: a CPU-bound job on a {@code Pool}, its run time
 * with 1, 2, ... processes, a {@code Lock} around the console, and results shared through a
 * {@code Queue}.
 *
 * <p>The article shows its programs only as pictures; its prose describes them, and these are the
 * programs it describes. The CPU-bound task: count the primes in one block of 125,000 numbers by
 * trial division (16 blocks: 16 tasks, as many as the article's largest pool).
 */
final class CpuBoundSamples {
    static final int TASKS = 16;
    static final int BLOCK = 125_000;

    private CpuBoundSamples() {
    }

    /** The numbers mapped to tasks, one task each. */
    static List<Integer> numbers() {
        return IntStream.range(0, TASKS).boxed().collect(Collectors.toList());
    }

    /** The primes in [number * BLOCK, (number + 1) * BLOCK): pure CPU, no allocation. */
    static int countPrimes(int number) {
        int count = 0;
        for (int n = Math.max(2, number * BLOCK); n < (number + 1) * BLOCK; n++) {
            boolean prime = true;
            for (int d = 2; d * d <= n; d++) {
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

    /** The article's task: the work, then the pid of the process that did it, "so we know where to find it". */
    static int task(int number) {
        int primes = countPrimes(number);
        System.out.println("Process " + Multiprocessing.currentProcess().pid() + " finished task " + number);
        return primes;
    }

    static int processesArgument(String[] args, int otherwise) {
        return args.length > 0 ? Integer.parseInt(args[0]) : otherwise;
    }

    static void printRunTime(long startNanos) {
        System.out.printf("Run time: %.2f seconds%n", (System.nanoTime() - startNanos) / 1e9);
    }

    // --- cpu-pids: Pool(1).map(task, numbers), timed --------------------------------------

    /**
     * The article's {@code multiprocessing.Pool(1)}: a single process runs the tasks one after
     * another (another count as an argument: {@code cpu-pids 2}). The run time includes starting
     * the pool, as the article's does.
     */
    static void cpuPids(String[] args) {
        long start = System.nanoTime();
        Pool executor = new Pool(processesArgument(args, 1));
        executor.map(CpuBoundSamples::task, numbers());
        executor.close();
        printRunTime(start);
    }

    // --- cpu-lock-print: the same with a Lock around the console --------------------------

    /** Set in each worker by the pool's initializer: Python's {@code Pool(initializer=..., initargs=(lock,))}. */
    private static ProcessLock consoleLock;

    static void useConsoleLock(ProcessLock lock) {
        consoleLock = lock;
    }

    static int taskPrintingUnderLock(int number) {
        int primes = countPrimes(number);
        consoleLock.lock();
        try {
            System.out.println("Process " + Multiprocessing.currentProcess().pid() + " finished task " + number);
        } finally {
            consoleLock.unlock();
        }
        return primes;
    }

    /**
     * The Lock section: one process at a time may print, on all CPUs (another count as an
     * argument). The lock costs little next to the work, as the article measured.
     */
    static void cpuLockPrint(String[] args) {
        long start = System.nanoTime();
        ProcessLock lock = new ProcessLock();
        Pool executor = Pool.builder().processes(processesArgument(args, Multiprocessing.cpuCount()))
                .initializer(CpuBoundSamples::useConsoleLock, lock).build();
        executor.map(CpuBoundSamples::taskPrintingUnderLock, numbers());
        executor.close();
        printRunTime(start);
    }

    // --- cpu-scaling: the article's table of run times by process count -------------------

    /**
     * The table: the same 16 tasks on pools of 1, 2, ... processes, never more than the CPUs, as
     * the article advises ({@code if processes > cpus: processes = cpus}). {@code --oversubscribe}
     * adds the article's over-subscribed rows, as its 10 and 16 processes on 8 CPUs: CPUs + 2 and
     * twice the CPUs. Each row times the tasks on started, warmed-up workers: a JVM starts far
     * slower than CPython forks, and the table is about the work.
     */
    static void cpuScaling(String[] args) throws InterruptedException {
        boolean oversubscribe = List.of(args).contains("--oversubscribe");
        int cpus = Multiprocessing.cpuCount(); // asked once, as the article does
        List<Integer> rows = new ArrayList<>();
        for (int processes = 1; processes <= cpus; processes++) {
            rows.add(processes);
        }
        if (oversubscribe) {
            rows.add(cpus + 2);
            rows.add(cpus * 2);
        }
        System.out.printf("%d tasks on a machine with %d CPUs%n", TASKS, cpus);
        System.out.println("processes   run time (s)   speed-up");
        double base = 0;
        long expected = -1;
        for (int processes : rows.stream().distinct().sorted().toList()) {
            try (Pool pool = new Pool(processes)) {
                pool.awaitReady(Duration.ofMinutes(2));
                pool.map(CpuBoundSamples::countPrimes, List.of(0)); // the workers' JIT warms up
                long start = System.nanoTime();
                long primes = pool.map(CpuBoundSamples::countPrimes, numbers(), 1).stream().mapToLong(Integer::longValue).sum();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (expected >= 0 && primes != expected) {
                    throw new IllegalStateException("different answers: " + primes + " vs " + expected);
                }
                expected = primes;
                base = base == 0 ? seconds : base;
                System.out.printf("%9d   %12.2f   %7.2fx%s%n", processes, seconds, base / seconds,
                        processes > cpus ? "   (more processes than CPUs)" : "");
            }
        }
        System.out.printf("%,d primes below %,d%n", expected, TASKS * BLOCK);
    }

    // --- queue-count: results shared through a Queue --------------------------------------

    /**
     * Each process finds its share from its name ({@code Process-1} has the first), so its number
     * is not passed, and puts its result on the queue: the squares of its share's numbers.
     */
    static void count(Integer size, ProcessQueue<long[]> queue) {
        String name = Multiprocessing.currentProcess().getName();
        int number = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        long start = (long) (number - 1) * size;
        long[] squares = new long[size];
        for (int i = 0; i < size; i++) {
            squares[i] = (start + i) * (start + i);
        }
        queue.put(squares);
    }

    /**
     * The Sharing section. Each turn of the last loop takes a result from the queue, then joins a
     * process; then the queue is closed and the length of the first result printed. (The results
     * are small, as the article's must have been: with large ones CPython deadlocks here, a process
     * that is joined before its item has been read never exits. multiproc's queue does not make a
     * process's exit wait for its items to be read.)
     */
    static void queueCount(String[] args) {
        ProcessQueue<long[]> queue = new ProcessQueue<>();
        List<long[]> results = new ArrayList<>();
        List<ChildProcess> processes = new ArrayList<>();
        int processCount = 4;

        for (int i = 0; i < processCount; i++) {
            processes.add(new ChildProcess(CpuBoundSamples::count, 1_000, queue));
        }
        for (ChildProcess process : processes) {
            process.start();
        }
        for (ChildProcess process : processes) {
            results.add(queue.get());
            process.join();
        }
        queue.close();
        System.out.println(results.get(0).length);
    }
}
