package dev.multiproc.chaos;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.shared.SharedLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parent killed with SIGKILL at a random moment while it starts or runs two children, each of
 * which starts a grandchild: every descendant exits within a bound, including those still
 * starting when the parent died. The moment is a random number of descendants already running
 * plus a random delay (seeded). Each trial's processes carry a system property of their own on
 * their command line, so the test finds every one of them in the process table, whatever stage it
 * reached. {@code -Dmultiproc.chaos.parentKills=N} sets the trials (4 by default, 20 in the long run).
 */
class ParentKillTest {
    private static final int TRIALS = Integer.getInteger("multiproc.chaos.parentKills", 4);
    private static final int DESCENDANTS = 5; // the parent, two children, two grandchildren
    /** Generous: a JVM that was still starting when its parent died notices it once it reads its stdin. */
    private static final long GONE_WITHIN_MILLIS = 15_000;
    private static final long MAX_EXTRA_DELAY_MILLIS = 300;
    private static final long POLL_NANOS = 1_000_000;

    @Test
    @Timeout(900)
    void everyDescendantExitsWhenTheParentIsKilledAtARandomMoment() throws Exception {
        Random random = new Random(17);
        long slowest = 0;
        long total = 0;
        int socketsLeft = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            String token = "multiproc.chaos.tree=" + UUID.randomUUID();
            MultiprocessingContext context = MultiprocessingContext.builder()
                    .jvmOptions(withOption(MultiprocessingContext.builder().build().jvmOptions(), "-D" + token))
                    .build();
            int runningAtKill = random.nextInt(DESCENDANTS + 1);
            long extraDelay = random.nextInt((int) MAX_EXTRA_DELAY_MILLIS + 1);
            boolean daemonFirstChild = random.nextBoolean();
            try (SharedLong running = SharedLong.raw()) {
                ChildProcess parent = context.process(() -> startChildren(running, daemonFirstChild));
                parent.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (running.get() < runningAtKill && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(POLL_NANOS); // JVMs are starting: leave them the cores
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(extraDelay)); // the moment, not a synchronization
                Set<Long> trialPids = new HashSet<>();
                trialProcesses(token).forEach(p -> trialPids.add(p.pid()));
                long killedAt = System.nanoTime();
                parent.kill();
                assertTrue(parent.join(java.time.Duration.ofSeconds(60)), "trial " + trial + ": the parent survived SIGKILL");
                assertEquals(-9, parent.exitCode());
                long millis = awaitGone(token, killedAt, trial, trialPids);
                socketsLeft += removeSocketsOf(trialPids);
                slowest = Math.max(slowest, millis);
                total += millis;
                parent.close();
            }
        }
        System.out.printf("parent kills (seed 17): %d trials, every descendant gone, slowest %d ms, mean %d ms;"
                + " socket files left by killed processes: %d%n", TRIALS, slowest, TRIALS == 0 ? 0 : total / TRIALS, socketsLeft);
    }

    private static List<String> withOption(List<String> options, String option) {
        List<String> all = new java.util.ArrayList<>(options);
        all.add(option);
        return all;
    }

    /** Waits until no process of this trial is left in the process table; returns the milliseconds since the kill. */
    private static long awaitGone(String token, long killedAt, int trial, Set<Long> seen) throws InterruptedException {
        long deadline = killedAt + TimeUnit.MILLISECONDS.toNanos(GONE_WITHIN_MILLIS);
        for (List<ProcessHandle> left = trialProcesses(token); !left.isEmpty(); left = trialProcesses(token)) {
            left.forEach(p -> seen.add(p.pid()));
            for (ProcessHandle process : left) {
                try {
                    process.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    String described = left.stream().filter(ProcessHandle::isAlive).map(p -> Long.toString(p.pid()))
                            .collect(Collectors.joining(", "));
                    left.forEach(ProcessHandle::destroyForcibly);
                    throw new AssertionError("trial " + trial + ": descendants still running " + GONE_WITHIN_MILLIS
                            + " ms after the parent's SIGKILL: " + described);
                }
            }
        }
        return (System.nanoTime() - killedAt) / 1_000_000;
    }

    /**
     * Removes the socket files that the trial's processes left in the tree's runtime directory; how
     * many there were. A process killed while it opens the socket its own children call back to
     * (or orphaned then) cannot remove the file, and its parent, killed too, cannot either: the
     * file stays until the tree's root exits and removes the directory (docs/reliability.md).
     */
    private static int removeSocketsOf(Set<Long> pids) throws java.io.IOException {
        int left = 0;
        for (long pid : pids) {
            if (java.nio.file.Files.deleteIfExists(JvmProcess.current().runtimeDir().resolve("s-" + pid))) {
                left++;
            }
        }
        return left;
    }

    private static List<ProcessHandle> trialProcesses(String token) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(token)).orElse(false))
                .collect(Collectors.toList());
    }

    /** In the parent: two children, one daemon (either one), each starting a grandchild. */
    static void startChildren(SharedLong running, boolean daemonFirstChild) {
        running.incrementAndGet();
        for (int i = 0; i < 2; i++) {
            ChildProcess child = new ChildProcess(ParentKillTest::startGrandchild, running);
            child.setDaemon(daemonFirstChild == (i == 0));
            child.start();
        }
        blockForever();
    }

    static void startGrandchild(SharedLong running) {
        running.incrementAndGet();
        new ChildProcess(ParentKillTest::runForever, running).start();
        blockForever();
    }

    static void runForever(SharedLong running) {
        running.incrementAndGet();
        blockForever();
    }

    private static void blockForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
