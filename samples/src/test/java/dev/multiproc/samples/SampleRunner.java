package dev.multiproc.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a sample the way a user does, {@code java -jar target/multiproc-samples.jar NAME ARGS}, and
 * returns what it printed: each stdout line with the time it arrived, and stderr.
 */
final class SampleRunner {
    /** Built by the shade plugin in the package phase; this module's tests run after it. */
    static final Path JAR = Path.of("target", "multiproc-samples.jar");

    private SampleRunner() {
    }

    /** A line of stdout and when it arrived, in milliseconds since the sample was started. */
    record Line(String text, long millis) {
    }

    record Result(List<Line> stdout, String stderr, long millis, int exitCode) {
        /** The stdout lines. */
        List<String> lines() {
            return stdout.stream().map(Line::text).toList();
        }

        /** Everything printed, for assertion messages. */
        String output() {
            return String.join("\n", lines()) + (stderr.isEmpty() ? "" : "\n[stderr]\n" + stderr);
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: the samples' tests run after the package phase (mvn verify)");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        // a sample that hangs is stopped, so that reading its output ends and the test fails
        CompletableFuture.runAsync(process::destroyForcibly, CompletableFuture.delayedExecutor(5, TimeUnit.MINUTES));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<Line> stdout = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                stdout.add(new Line(line, (System.nanoTime() - start) / 1_000_000));
            }
        }
        process.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < TimeUnit.MINUTES.toMillis(5), "sample " + args[0] + " did not finish within 5 minutes");
        Result result;
        try {
            result = new Result(stdout, stderr.get(1, TimeUnit.MINUTES), millis, process.exitValue());
        } catch (Exception e) {
            throw new AssertionError("stderr of sample " + args[0] + " unreadable", e);
        }
        assertEquals(0, result.exitCode(), "sample " + args[0] + " failed:\n" + result.output());
        return result;
    }
}
