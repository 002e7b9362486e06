package dev.multiproc.samples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples app: {@code java -jar multiproc-samples.jar NAME [ARGS]}; {@code list} lists them.
 *
 * <p>Each sample but the extras is one example of the seed articles on Python's
 * {@code multiprocessing} (numbered 000 to 004), written against multiproc: the same program,
 * printing the same lines. The extras go beyond the articles.
 */
public final class Samples {
    private static final Map<String, Sample> ALL = new LinkedHashMap<>();

    static {
        // 000: Simple Guide to Python Multiprocessing/Threading
        register(Sample.of("processing", "000", "3 processes sleep 1 s at once, then print I am processing! (run time on stderr)", GuideSamples::processing));
        register(Sample.of("daemons", "000", "3 daemon processes, terminated when the main process exits: their lines rarely show", GuideSamples::daemons));
        register(Sample.of("join", "000", "join() waits for a 5 s process: I am a slow process!, then This text was delayed", GuideSamples::join));
        register(Sample.of("terminate", "000", "terminate() right after start(), then join(): the slow process prints nothing", GuideSamples::terminate));
        register(Sample.of("threads", "000", "processing with threads of this JVM: I am a thread! x3", GuideSamples::threads));
        register(Sample.of("thread-lock-counter", "000", "3 threads increment a variable under a lock: The count is 1, 2, 3", GuideSamples::threadLockCounter));
        register(Sample.of("threads-join", "000", "each thread joined before the next starts", GuideSamples::threadsJoin));
        // 001: Multiprocessing in Python, Set 1 (Introduction)
        register(Sample.of("square-cube", "001", "two processes started together, then joined: Square: 100, Cube: 1000, Done!", IntroductionSamples::squareCube));
        register(Sample.of("pids", "001", "ids of the main process and of two children; not alive after join()", IntroductionSamples::pids));
        // 002: multiprocessing after threading (programs described in prose)
        register(Sample.of("cpu-pids", "002", "Pool(1).map of a CPU-bound task: each task's pid, the run time [PROCESSES]", CpuBoundSamples::cpuPids));
        register(Sample.of("cpu-scaling", "002", "run time by process count, capped at the CPUs [--oversubscribe]", CpuBoundSamples::cpuScaling));
        register(Sample.of("cpu-lock-print", "002", "cpu-pids on all CPUs with a Lock around the print [PROCESSES]", CpuBoundSamples::cpuLockPrint));
        register(Sample.of("queue-count", "002", "4 processes find their share by name and put results on a Queue; len of the first", CpuBoundSamples::queueCount));
        // 003: Mouse Vs Python, multiprocessing
        register(Sample.of("workers", "003", "5 processes computer_0..4 sleep 1-4 s at random", WorkerSamples::workers));
        register(Sample.of("worker-subclass", "003", "workers as a ChildProcess subclass whose run() is overridden", WorkerSamples::workerSubclass));
        register(Sample.of("pool-names", "003", "Pool(5).map over computer_0..14, then terminate()", WorkerSamples::poolNames));
        // 004: Python - Multiprocessing
        register(Sample.of("hello", "004", "Process(target=say_hello): Hello from process", BasicsSamples::hello));
        register(Sample.of("queue-hello", "004", "a child puts Data from worker on a Queue; the parent prints it", BasicsSamples::queueHello));
        register(Sample.of("pool-square", "004", "Pool(4).map(square, [1, 2, 3, 4]) prints [1, 4, 9, 16]", BasicsSamples::poolSquare));
        register(Sample.of("lock-print", "004", "two processes print under one Lock: Process 1, Process 2", BasicsSamples::lockPrint));
        // beyond the articles
        register(Sample.extra("wordfreq", "the flagship: word frequencies of a directory of text files, 1 vs N processes [DIR]", WordFreq::run));
        register(Sample.extra("cluster-wordfreq", "the flagship on a cluster: 3 local members, or --members H1,H2 --cluster-name X --authkey-file F [DIR]", ClusterWordFreq::run));
        register(Sample.extra("lock-counter", "a shared counter: under a lock, atomic, and unprotected (lost updates)", LockCounter::run));
        register(Sample.extra("daemon-vs-non-daemon", "a daemon and a non-daemon child: only the daemon is terminated with the main process", LifecycleSamples::daemonVsNonDaemon));
        register(Sample.extra("terminate-exitcode", "a process's state before start, running, terminated, joined: exit code -15", LifecycleSamples::terminateExitCode));
        DslSamples.registerAll(); // examples in the Kotlin DSL
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
            System.out.println("usage: java -jar multiproc-samples.jar NAME [ARGS]");
            System.out.println();
            System.out.println("samples, with the seed article each reproduces (000-004; extra: beyond the articles):");
            ALL.values().forEach(s -> System.out.printf("  %-20s %-6s %s%n", s.name(), s.article(), s.description()));
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
