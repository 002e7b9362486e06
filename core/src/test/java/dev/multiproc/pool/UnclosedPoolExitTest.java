package dev.multiproc.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program that forgets to close its pools exits as quietly as one that closes them: no stack
 * trace, no stray line, however its exit races with workers still starting (a worker that finds
 * its pool gone exits silently), and no worker outlives it.
 */
class UnclosedPoolExitTest {
    private static final int RUNS = 50;
    /** Programs run at once: each is a few JVMs, and the machine may have two cores. */
    private static final int BATCH = 5;

    /** Uses one pool and leaves it open, then exits while a second pool's workers are starting. */
    public static final class Program {
        public static void main(String[] args) {
            Pool used = new Pool(1);
            System.out.println(used.map(x -> x + 1, List.of(1, 2, 3)));
            Pool starting = new Pool(1);
            System.out.println("workers " + used.workerPids() + " " + starting.workerPids());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // 150 JVMs: about 30 s on two idle cores, much longer on busy ones
    void fiftyProgramsThatNeverClosePoolsPrintNothingOnStderr() throws Exception {
        List<String> failures = new ArrayList<>();
        List<Long> workers = new ArrayList<>();
        ExecutorService runners = Executors.newFixedThreadPool(BATCH);
        try {
            runAll(runners, failures, workers);
        } finally {
            runners.shutdownNow();
        }
        assertEquals(List.of(), failures, failures.size() + " of " + RUNS + " runs were not clean");
        for (long pid : workers) {
            ProcessHandle.of(pid).ifPresent(worker -> worker.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
        assertTrue(workers.size() >= RUNS * 2, "worker pids reported: " + workers.size());
    }

    private static void runAll(ExecutorService runners, List<String> failures, List<Long> workers) throws Exception {
        for (int start = 0; start < RUNS; start += BATCH) {
            List<CompletableFuture<Result>> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(CompletableFuture.supplyAsync(UnclosedPoolExitTest::runProgram, runners));
            }
            for (CompletableFuture<Result> run : batch) {
                Result r = run.get(3, TimeUnit.MINUTES);
                List<String> lines = r.stdout.lines().toList();
                if (r.exitCode != 0 || !r.stderr.isEmpty() || lines.size() != 2 || !lines.get(0).equals("[2, 3, 4]")) {
                    failures.add("exit " + r.exitCode + ", stdout " + lines + ", stderr:\n" + r.stderr);
                } else {
                    workers.addAll(pids(lines.get(1)));
                }
            }
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result runProgram() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Program.class.getName()).start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p, true));
            String out = read(p, false);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the program did not exit");
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Process p, boolean error) {
        try {
            return new String((error ? p.getErrorStream() : p.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The pids in "workers [1, 2] [3]". */
    private static List<Long> pids(String line) {
        List<Long> pids = new ArrayList<>();
        for (String token : line.replaceAll("[^0-9]+", " ").trim().split(" ")) {
            if (!token.isEmpty()) {
                pids.add(Long.parseLong(token));
            }
        }
        return pids;
    }
}
