package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program stopped by SIGTERM while a non-daemon child runs exits within a bound and takes the
 * child with it, whether the signal comes while its main thread runs or while its normal exit is
 * already waiting for the child (Python's SIGTERM ends the interpreter without its exit handlers;
 * a JVM runs its shutdown hooks, which join non-daemon children at a normal exit).
 */
class SignalExitTest {
    /** Generous: the exit gives children a few seconds after SIGTERM, and the machine may be busy. */
    private static final long EXIT_BOUND_SECONDS = 30;

    /** Starts a non-daemon child that never ends, prints its pid, then joins it or returns from main. */
    public static final class Program {
        public static void main(String[] args) {
            ChildProcess child = new ChildProcess(ChildProcessTest::blockForever);
            child.start();
            System.out.println(child.pid());
            System.out.flush();
            if (args[0].equals("join")) {
                child.join();
                return;
            }
            // main returns, and the exit waits for the non-daemon child as Python's does; a daemon
            // thread says when main has returned
            Thread main = Thread.currentThread();
            Thread watcher = new Thread(() -> {
                try {
                    main.join();
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("main returned");
                System.out.flush();
            });
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    /**
     * The recorder of exit signals is installed by a JVM's first child, not at start-up: a child
     * that starts none (most pool workers) builds no dynamic proxy for it, 30-50 ms of its start.
     */
    @Test
    @Timeout(120)
    void aChildThatStartsNoChildInstallsNoSignalRecorder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        MultiprocessingContext logged = MultiprocessingContext.builder()
                .jvmOptions("-Xlog:class+load=info:file=" + dir.resolve("classes-%p.log")).build();
        ChildProcess child = logged.process(() -> System.out.print(""));
        child.start();
        assertTrue(child.join(java.time.Duration.ofSeconds(60)));
        assertEquals(0, child.exitCode());
        java.util.List<String> loaded = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> logs = java.nio.file.Files.list(dir)) {
            for (Path log : (Iterable<Path>) logs::iterator) {
                loaded.addAll(java.nio.file.Files.readAllLines(log));
            }
        }
        assertTrue(loaded.stream().anyMatch(line -> line.contains("dev.multiproc.ChildProcess ")),
                "the log shows the child's classes: " + loaded.size() + " lines");
        assertEquals(java.util.List.of(), loaded.stream()
                .filter(line -> line.contains("ExitSignals$Recording") || line.contains("java.lang.reflect.Proxy "))
                .collect(java.util.stream.Collectors.toList()));
    }

    @Test
    @Timeout(120)
    void sigtermWhileMainJoinsANonDaemonChildStopsProgramAndChild() throws Exception {
        sigtermEndsProgramAndChild("join", Set.of(143));
    }

    @Test
    @Timeout(120)
    void sigtermWhileTheNormalExitJoinsANonDaemonChildStopsProgramAndChild() throws Exception {
        // the exit began with status 0; the signal's exit may still get to halt with 143 first
        sigtermEndsProgramAndChild("return", Set.of(0, 143));
    }

    private static void sigtermEndsProgramAndChild(String mode, Set<Integer> expectedStatus) throws Exception {
        Process program = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Program.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Optional<ProcessHandle> child = Optional.empty();
        try {
            program.getOutputStream().close();
            BufferedReader reader = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
            String line = readLine(reader);
            assertNotNull(line, "the program ended before it started its child");
            child = ProcessHandle.of(Long.parseLong(line.trim()));
            assertTrue(child.isPresent() && child.get().isAlive(), "the child runs");
            if (mode.equals("return")) {
                assertEquals("main returned", readLine(reader));
            }
            long signalled = System.nanoTime();
            program.destroy(); // SIGTERM
            assertTrue(program.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS),
                    "the program did not exit within " + EXIT_BOUND_SECONDS + " s of SIGTERM");
            assertTrue(expectedStatus.contains(program.exitValue()), "exit status " + program.exitValue());
            child.get().onExit().get(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
            System.out.printf("SIGTERM (%s): program and child gone in %d ms%n", mode,
                    (System.nanoTime() - signalled) / 1_000_000);
        } finally {
            program.destroyForcibly();
            program.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
            child.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A line of the program's output, bounded: the program is destroyed (and its pipe closed) if it never comes. */
    private static String readLine(BufferedReader reader) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
    }
}
