package dev.multiproc.internal.spawn;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CompilerQuietTest {

    @Test
    void theCompilerThreadsCpuIsReadAndOnlyGrows() {
        long first = CompilerQuiet.compilerNanos();
        // this JVM has compiled the test framework by now: its compiler threads have used CPU
        assertTrue(first > 0, "compiler CPU read as " + first);
        long later = CompilerQuiet.compilerNanos();
        // a compiler thread may end between two reads (they come and go), so allow its share
        assertTrue(later > 0, "compiler CPU read as " + later);
    }

    @Test
    void awaitReturnsOnceQuietAndWithinItsBoundWhileTheJitIsBusy() throws InterruptedException {
        Thread busy = new Thread(CompilerQuietTest::compileMany, "jit-load");
        busy.setDaemon(true);
        busy.start();
        long start = System.nanoTime();
        CompilerQuiet.await(TimeUnit.MILLISECONDS.toNanos(300));
        long took = System.nanoTime() - start;
        busy.interrupt();
        busy.join();
        assertTrue(took < TimeUnit.SECONDS.toNanos(2), "await took " + took / 1_000_000 + " ms for a 300 ms bound");

        start = System.nanoTime();
        CompilerQuiet.await(TimeUnit.SECONDS.toNanos(30));
        long quiet = System.nanoTime() - start;
        // idle compilers: two quiet 10 ms steps, not the 30 s bound
        assertTrue(quiet < TimeUnit.SECONDS.toNanos(10), "await on an idle JIT took " + quiet / 1_000_000 + " ms");
    }

    /** Keeps the JIT busy: fresh lambdas classes are spun and run until interrupted. */
    private static void compileMany() {
        long sink = 0;
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < 50; i++) {
                int k = i;
                java.util.function.LongUnaryOperator op = x -> x * 31 + k;
                for (int j = 0; j < 20_000; j++) {
                    sink = op.applyAsLong(sink);
                }
            }
        }
        if (sink == 42) {
            System.out.println(sink);
        }
    }
}
