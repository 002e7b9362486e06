package dev.multiproc.internal.warmup;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Waits until this JVM's JIT compiler threads have gone quiet, by their CPU time in
 * {@code /proc/self/task}: the end of {@link TransportTraining}, so that the compiles its last
 * rounds set off run before the child reports ready, not during the first real work.
 *
 * <p>Why: with two cores, a trained queue producer or consumer spent 20-110 ms of a compiler
 * thread's CPU in its first 20,000 messages on compiles that training had queued (logged with
 * LogCompilation: the training owner's own put and session loop, still compiling). A compile
 * queue has no public API, so the compiler threads' CPU is the signal.
 *
 * <p>Files are read with {@code java.io}: this runs after the last round, and a NIO read here
 * would add calls to {@code IOUtil}, which the compiled socket reads inline, after the JIT has
 * finished with them.
 */
final class CompilerQuiet {
    private static final long STEP_MILLIS = 10;
    /** CPU the compiler threads may use in one step and still count as quiet. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int QUIET_STEPS = 2;
    private static final File TASKS = new File("/proc/self/task");

    private CompilerQuiet() {
    }

    /**
     * Returns once the compiler threads have used less than {@link #QUIET_NANOS} in each of two
     * steps in a row, or at {@code maxNanos}; at once where {@code /proc} is not available.
     */
    static void await(long maxNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxNanos;
        long before = compilerNanos();
        if (before < 0) {
            return;
        }
        int quiet = 0;
        while (quiet < QUIET_STEPS && System.nanoTime() - deadline < 0) {
            Thread.sleep(STEP_MILLIS);
            long now = compilerNanos();
            if (now < 0) {
                return;
            }
            quiet = now - before < QUIET_NANOS ? quiet + 1 : 0;
            before = now;
        }
    }

    /** CPU nanoseconds used so far by the threads named "C1/C2 CompilerThread", or -1 when unknown. */
    static long compilerNanos() {
        String[] tasks = TASKS.list();
        if (tasks == null) {
            return -1;
        }
        long total = 0;
        for (String task : tasks) {
            try {
                String name = read(TASKS + "/" + task + "/comm");
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String stat = read(TASKS + "/" + task + "/schedstat");
                    total += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                }
            } catch (IOException | RuntimeException gone) {
                // the thread ended between the listing and the read (compiler threads come and go)
            }
        }
        return total;
    }

    private static String read(String path) throws IOException {
        try (FileInputStream in = new FileInputStream(path)) {
            byte[] bytes = in.readNBytes(128);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
