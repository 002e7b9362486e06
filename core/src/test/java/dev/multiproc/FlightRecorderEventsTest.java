package dev.multiproc;

import dev.multiproc.pool.Pool;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.queue.ProcessQueue;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's JFR events, read back from real recordings as JDK Mission Control would read them:
 * the parent's (processes, pool tasks, a worker's death) and a child's own, started with the usual
 * {@code -XX:StartFlightRecording} option (the queue batches it sent).
 */
class FlightRecorderEventsTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    static int twice(int x) {
        return 2 * x;
    }

    /**
     * Puts the items, then stays until the parent has them all: the batches were sent, so their
     * events were committed while the recording ran, not in an exit hook racing JFR's own.
     */
    static void putItems(ProcessQueue<Integer> q, ProcessQueue<Boolean> received) {
        for (int i = 0; i < 1000; i++) {
            q.put(i);
        }
        received.get(LONG);
    }

    @Test
    void processesPoolTasksAndAWorkerDeathAreRecordedInTheParent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("parent.jfr");
        long childPid;
        long workerPid;
        try (Recording recording = new Recording()) {
            for (String event : List.of("ProcessStart", "ProcessExit", "TaskRun", "WorkerDeath")) {
                recording.enable("dev.multiproc." + event);
            }
            recording.start();
            ChildProcess child = new ChildProcess(() -> { });
            child.setName("recorded-child");
            child.start();
            assertTrue(child.join(LONG));
            childPid = child.pid();
            try (Pool pool = Pool.builder().processes(1).build()) {
                assertEquals(List.of(0, 2, 4, 6), pool.map(FlightRecorderEventsTest::twice, List.of(0, 1, 2, 3), 2));
                workerPid = pool.workerPids().get(0);
                assertThrows(WorkerDiedException.class, () -> pool.apply(x -> {
                    Runtime.getRuntime().halt(x);
                    return x;
                }, 7));
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        RecordedEvent started = only(events, "dev.multiproc.ProcessStart", e -> e.getLong("pid") == childPid);
        assertEquals("recorded-child", started.getString("name"));
        RecordedEvent exited = only(events, "dev.multiproc.ProcessExit", e -> e.getLong("pid") == childPid);
        assertEquals(0, exited.getInt("exitCode"));
        assertTrue(exited.getDuration("lifetime").toNanos() > 0);

        List<RecordedEvent> chunks = of(events, "dev.multiproc.TaskRun", e -> e.getString("call").equals("map()"));
        assertEquals(2, chunks.size(), "two chunks of two tasks");
        for (RecordedEvent chunk : chunks) {
            assertEquals(2, chunk.getInt("tasks"));
            assertEquals(workerPid, chunk.getLong("workerPid"));
            assertFalse(chunk.getDuration("queueWait").isNegative());
            assertTrue(chunk.getDuration("runTime").toNanos() > 0);
        }
        RecordedEvent death = only(events, "dev.multiproc.WorkerDeath", e -> e.getLong("workerPid") == workerPid);
        assertTrue(death.getString("cause").contains("exit code 7"), death.getString("cause"));
        RecordedEvent workerExit = only(events, "dev.multiproc.ProcessExit", e -> e.getLong("pid") == workerPid);
        assertEquals(7, workerExit.getInt("exitCode"));
    }

    @Test
    void aChildRecordingWithTheUsualOptionHoldsTheQueueBatchesItSent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("child.jfr");
        MultiprocessingContext recorded = MultiprocessingContext.builder()
                .jvmOptions("-XX:StartFlightRecording=filename=" + file).build();
        try (ProcessQueue<Integer> q = new ProcessQueue<>(); ProcessQueue<Boolean> received = new ProcessQueue<>()) {
            ChildProcess producer = recorded.process(() -> putItems(q, received));
            producer.start();
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, q.get(LONG));
            }
            received.put(true);
            assertTrue(producer.join(LONG));
            assertEquals(0, producer.exitCode());
        }
        List<RecordedEvent> batches = of(RecordingFile.readAllEvents(file), "dev.multiproc.QueueBatch",
                e -> e.getString("direction").equals("put"));
        assertFalse(batches.isEmpty(), "no queue batches in the child's recording");
        assertEquals(1000, batches.stream().mapToInt(e -> e.getInt("items")).sum(), "items over all put batches");
        assertTrue(batches.stream().allMatch(e -> e.getLong("bytes") > 0));
    }

    /** Starts a process of its own and puts to a queue, the two paths that emit events. */
    static void startAndPut(ProcessQueue<Integer> q) {
        ChildProcess grandchild = new ChildProcess(() -> { });
        grandchild.start();
        if (!grandchild.join(LONG)) {
            throw new IllegalStateException("the grandchild did not exit");
        }
        q.put(1);
    }

    /**
     * Without a recording, a JVM loads none of the recorder: on JDK 17 the first event class
     * loaded brings up JFR's internals, which cost a fresh child 0.3-3 s inside its first queue put.
     */
    @Test
    void aJvmWithoutARecordingLoadsNoneOfTheRecorder(@TempDir Path dir) throws IOException {
        MultiprocessingContext logged = MultiprocessingContext.builder()
                .jvmOptions("-Xlog:class+load=info:file=" + dir.resolve("classes-%p.log")).build();
        try (ProcessQueue<Integer> q = new ProcessQueue<>()) {
            ChildProcess child = logged.process(() -> startAndPut(q));
            child.start();
            assertEquals(1, q.get(LONG));
            assertTrue(child.join(LONG));
            assertEquals(0, child.exitCode());
        }
        List<String> loaded = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> logs = java.nio.file.Files.list(dir)) {
            for (Path log : (Iterable<Path>) logs::iterator) {
                loaded.addAll(java.nio.file.Files.readAllLines(log));
            }
        }
        assertTrue(loaded.stream().anyMatch(line -> line.contains("dev.multiproc.internal.events.Events ")),
                "the logs show the events class itself: " + loaded.size() + " lines");
        List<String> recorder = loaded.stream()
                .filter(line -> line.contains("jdk.jfr.Event ") || line.contains("jdk.jfr.internal.")
                        || line.contains("dev.multiproc.internal.events.") && line.contains("Event "))
                .collect(Collectors.toList());
        assertEquals(List.of(), recorder, "recorder classes loaded without a recording");
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type,
                                          java.util.function.Predicate<RecordedEvent> which) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).filter(which)
                .collect(Collectors.toList());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type,
                                      java.util.function.Predicate<RecordedEvent> which) {
        List<RecordedEvent> found = of(events, type, which);
        assertEquals(1, found.size(), type + " events: " + found);
        return found.get(0);
    }
}
