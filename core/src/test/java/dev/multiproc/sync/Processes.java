package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.internal.shm.SegmentFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting and joining child JVMs in tests, with generous timeouts for a busy two-core machine. */
public final class Processes {
    public static final Duration JOIN = Duration.ofSeconds(60);

    private Processes() {
    }

    /** Starts one child per target. */
    public static List<ChildProcess> start(SerializableRunnable... targets) {
        List<ChildProcess> started = new ArrayList<>();
        for (SerializableRunnable target : targets) {
            ChildProcess p = new ChildProcess(target);
            p.start();
            started.add(p);
        }
        return started;
    }

    /** Joins every child and asserts that each exited with code 0. */
    public static void joinAll(List<ChildProcess> children) {
        for (ChildProcess p : children) {
            try {
                assertTrue(p.join(JOIN), p + " did not exit within " + JOIN);
                assertEquals(0, p.exitCode(), () -> p + " failed: " + p.exception());
            } finally {
                p.close();
            }
        }
    }

    /** Joins one child and asserts exit code 0. */
    public static void join(ChildProcess p) {
        joinAll(List.of(p));
    }

    /** Blocks the calling thread for good (in a child about to be killed). */
    public static void blockForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails the calling child with a message unless {@code condition}. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** This tree's segment files now present. */
    public static List<String> segmentFiles() throws IOException {
        Path dir = SegmentFiles.directory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(SegmentFiles.prefix()))
                    .sorted().collect(Collectors.toList());
        }
    }
}
