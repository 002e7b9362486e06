package dev.multiproc.samples.launch;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small program that uses a {@code Pool}, written, compiled and run as a user would: the same
 * source in every launch mode, so that each test differs only in how the program is started.
 */
final class UserProgram {
    /** What {@link #MAIN} prints when its tasks ran in child JVMs. */
    static final List<String> EXPECTED = List.of("squares [1, 4, 9, 16]", "ran in a child of this process [true, true]");

    static final String MAIN = """
            package app;

            import dev.multiproc.pool.Pool;
            import java.util.List;

            public final class Main {
                public static void main(String[] args) {
                    long self = ProcessHandle.current().pid();
                    try (Pool pool = new Pool(2)) {
                        System.out.println("squares " + pool.map(x -> x * x, List.of(1, 2, 3, 4)));
                        System.out.println("ran in a child of this process " + pool.map(Main::childOf, List.of(self, self)));
                    }
                }

                static boolean childOf(long parent) {
                    return ProcessHandle.current().parent().map(p -> p.pid() == parent).orElse(false);
                }
            }
            """;

    static final String MODULE_INFO = """
            module demo.app {
                requires multiproc.core;
            }
            """;

    private UserProgram() {
    }

    /** Writes {@code app/Main.java} (and {@code module-info.java} when modular) under {@code sources}. */
    static void writeSources(Path sources, boolean modular) throws IOException {
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("app/Main.java"), MAIN);
        if (modular) {
            Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        }
    }

    /** Compiles the sources written by {@link #writeSources} into {@code classes}, against {@code options}' path. */
    static void compile(Path sources, Path classes, String... options) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString()));
        args.addAll(List.of(options));
        try (var files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(new String[0]));
        assertEquals(0, status, "javac " + args + ":\n" + errors.toString(StandardCharsets.UTF_8));
    }

    /** What a finished program printed. */
    record Output(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().map(l -> l.replaceAll("\u001B\\[[0-9;]*m", "")).toList();
        }

        /** Asserts a clean run that printed exactly {@code expected} (and, ignored, lines a tool prints around it). */
        void assertPrinted(List<String> expected) {
            assertEquals(0, exitCode, "exit code; stdout:\n" + stdout + "\nstderr:\n" + stderr);
            List<String> ours = lines().stream().filter(l -> expected.stream().anyMatch(e -> l.startsWith(e.split(" ")[0])))
                    .toList();
            assertEquals(expected, ours, "stdout:\n" + stdout + "\nstderr:\n" + stderr);
        }
    }

    /** Runs {@code command} in {@code directory} with no input, and waits for it (minutes at most). */
    static Output run(Path directory, Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process, true));
        String stdout = readAll(process, false);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), command + " did not finish");
        return new Output(process.exitValue(), stdout, stderr.join());
    }

    /** {@code $JAVA_HOME/bin/java}, the JVM running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String readAll(Process process, boolean error) {
        try {
            byte[] bytes = (error ? process.getErrorStream() : process.getInputStream()).readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
