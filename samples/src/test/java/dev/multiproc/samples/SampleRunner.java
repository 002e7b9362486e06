package dev.multiproc.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a sample the way a user does, in its own JVM, and returns what it printed. */
final class SampleRunner {
    private SampleRunner() {
    }

    record Result(String output, long millis, int exitCode) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Samples.class.getName()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "sample " + args[0] + " did not finish");
        long millis = (System.nanoTime() - start) / 1_000_000;
        Result result = new Result(new String(output, StandardCharsets.UTF_8), millis, process.exitValue());
        assertEquals(0, result.exitCode(), "sample " + args[0] + " failed:\n" + result.output());
        return result;
    }
}
