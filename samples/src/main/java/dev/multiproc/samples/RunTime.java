package dev.multiproc.samples;

/** The run time of a sample whose program has no place to print it: on stderr, when the JVM exits. */
final class RunTime {
    private RunTime() {
    }

    /**
     * Prints {@code "<what> finished in 1.23 s"} on stderr once the JVM exits, which is after its
     * non-daemon children have exited. Stdout stays exactly the article's output.
     */
    static void reportOnStderrAtExit(String what) {
        long start = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.err.printf("%s finished in %.2f s%n", what, (System.nanoTime() - start) / 1e9), "run-time"));
    }
}
