package dev.multiproc.samples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples app: {@code java -jar multiproc-samples.jar NAME [ARGS]}; {@code list} lists them.
 *
 * <p>Each sample is one example of the seed articles on Python's {@code multiprocessing}, with the
 * same behaviour and output, written against multiproc.
 */
public final class Samples {
    private static final Map<String, Sample> ALL = new LinkedHashMap<>();

    static {
        register(Sample.of("wordfreq", "the flagship: word frequencies of a directory of text files, 1 vs N processes [DIR]", WordFreq::run));
        register(Sample.of("pool-names", "Pool(5).map over 15 worker names", PoolSamples::poolNames));
        register(Sample.of("pool-square", "Pool(4).map(square, [1, 2, 3, 4]) prints [1, 4, 9, 16]", PoolSamples::poolSquare));
        register(Sample.of("cpu-scaling", "a CPU-bound job with 1, 2, ... processes and more than the CPUs: time and speed-up", PoolSamples::cpuScaling));
        register(Sample.of("hello", "a child process greets by name: Process(target=f, args=('bob',))", ProcessSamples::hello));
        register(Sample.of("processing", "3 processes sleep 1 s in parallel, then print; about 1 s in total", ProcessSamples::processing));
        register(Sample.of("daemons", "a daemon child is terminated when the main process exits", ProcessSamples::daemons));
        register(Sample.of("join", "join() waits for a 5 s process before the main process goes on", ProcessSamples::join));
        register(Sample.of("terminate", "terminate() stops a running process: exit code -15", ProcessSamples::terminate));
        register(Sample.of("square-cube", "two processes compute a square and a cube", ProcessSamples::squareCube));
        register(Sample.of("pids", "process ids of the main and child processes; is_alive after join", ProcessSamples::pids));
        register(Sample.of("workers", "5 workers with random sleeps", ProcessSamples::workers));
        register(Sample.of("lock-print", "two processes print under a shared lock: no interleaved lines", LockSamples::lockPrint));
        register(Sample.of("lock-counter", "a shared counter: under a lock, atomic, and unprotected (lost updates)", LockSamples::lockCounter));
        register(Sample.of("worker-subclass", "a ChildProcess subclass overriding run()", ProcessSamples::workerSubclass));
        DslSamples.registerAll(); // the same examples in the Kotlin DSL
    }

    private Samples() {
    }

    static void register(Sample sample) {
        ALL.put(sample.name(), sample);
    }

    /** The samples by name, in listing order. */
    public static Map<String, Sample> all() {
        return ALL;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("list") || args[0].equals("--help")) {
            System.out.println("usage: java -jar multiproc-samples.jar NAME [ARGS]\n\nsamples:");
            ALL.values().forEach(s -> System.out.printf("  %-16s %s%n", s.name(), s.description()));
            return;
        }
        Sample sample = ALL.get(args[0]);
        if (sample == null) {
            System.err.println("no sample named '" + args[0] + "'; run with 'list' to see them all");
            System.exit(2);
        }
        sample.run(Arrays.copyOfRange(args, 1, args.length));
    }
}
