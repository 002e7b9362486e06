package dev.multiproc.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the Kotlin scripts of {@code scripts/} with the README's command: the Kotlin compiler from
 * Maven Central, the classpath the build wrote to {@code target/script-classpath.txt}. Their tasks
 * are lambdas of the script, whose classes exist only in the script's in-memory class loader: the
 * children must get them from their parent.
 */
class KotlinScriptsTest {

    @Test
    void wordfreqScriptCountsFilesInWorkerProcesses() throws Exception {
        List<String> lines = runScript("scripts/wordfreq.main.kts", "scripts/texts");
        assertEquals(List.of("3 files, 107 words", "  24 the", "   6 and", "   4 town", "   3 a", "   3 boats"), lines);
    }

    @Test
    void scriptLambdaRunsInAChildProcess() throws Exception {
        List<String> lines = runScript("scripts/child.main.kts");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("hello from a child of a script, from pid \\d+, code loaded by multiproc-remote"),
                lines.get(0));
        assertEquals("child greeter exited with 0", lines.get(1));
    }

    /** A task that uses a script-level fun or val fails at the call, saying so and what to do instead. */
    @Test
    void taskCapturingTheScriptSaysSoAndHowToFixIt(@TempDir Path scratch) throws Exception {
        Path script = scratch.resolve("capture.main.kts");
        Files.writeString(script, """
                @file:CompilerOptions("-jvm-target", "17")
                import dev.multiproc.dsl.map
                import dev.multiproc.dsl.parallel
                import kotlinx.coroutines.flow.toList
                import kotlinx.coroutines.runBlocking

                fun square(x: Int) = x * x
                val offset = 10

                runBlocking {
                    parallel(processes = 1) {
                        try { map(listOf(1)) { square(it) }.toList() } catch (e: Exception) { println("fun: " + e.message) }
                        try { map(listOf(1)) { it + offset }.toList() } catch (e: Exception) { println("val: " + e.message) }
                    }
                }
                """);
        List<String> lines = runScript(script.toString()).stream()
                .filter(l -> l.startsWith("fun: ") || l.startsWith("val: ")).toList(); // the runner prints the result too
        assertEquals(2, lines.size(), lines.toString());
        String fix = ": a script-level fun or val belongs to the script instance, which cannot be sent to another process;"
                + " put the functions and values the task uses in an object";
        assertTrue(lines.get(0).contains("captures the instance of the script Capture_main because it calls square()" + fix),
                lines.get(0));
        assertTrue(lines.get(1).contains("captures the instance of the script Capture_main because it reads offset" + fix),
                lines.get(1));
        assertFalse(String.join("\n", lines).contains("make Capture_main java.io.Serializable"), lines.toString());
    }

    /** Runs {@code java -Dkotlin.main.kts.compiled.scripts.cache.dir= -cp CP K2JVMCompiler -no-stdlib -no-reflect -cp CP -script SCRIPT ARGS}; its stdout lines. */
    private static List<String> runScript(String script, String... args) throws Exception {
        String classpath = Files.readString(Path.of("target", "script-classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // no cache of compiled scripts: a cached script runs against the classpath it was compiled with
                "-Dkotlin.main.kts.compiled.scripts.cache.dir=",
                "-cp", classpath, "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler",
                "-no-stdlib", "-no-reflect", "-cp", classpath, "-script", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), script + " did not finish within 5 minutes");
        String errors = new String(stderr.get(1, TimeUnit.MINUTES), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), script + " failed:\n" + stdout + errors);
        return stdout.lines().toList();
    }
}
