package dev.multiproc.internal.warmup;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CompilerQuietTest {

    @Test
    void theCompilerThreadsCpuIsRead() {
        // this JVM has compiled the test framework by now: its compiler threads have used CPU
        long nanos = CompilerQuiet.compilerNanos();
        assertTrue(nanos > 0, "compiler CPU read as " + nanos);
    }

    @Test
    void awaitReturnsOnceTheJitIsQuietNotAtItsBound() throws InterruptedException {
        CompilerQuiet.await(TimeUnit.SECONDS.toNanos(30)); // whatever this test class set off
        long start = System.nanoTime();
        CompilerQuiet.await(TimeUnit.SECONDS.toNanos(30));
        long took = System.nanoTime() - start;
        // an idle JIT: two quiet 10 ms steps, not the 30 s bound
        assertTrue(took < TimeUnit.SECONDS.toNanos(10), "await on an idle JIT took " + took / 1_000_000 + " ms");
    }

    @Test
    void awaitKeepsItsBound() throws InterruptedException {
        long start = System.nanoTime();
        CompilerQuiet.await(0);
        long took = System.nanoTime() - start;
        assertTrue(took < TimeUnit.SECONDS.toNanos(2), "await with no time allowed took " + took / 1_000_000 + " ms");
    }
}
