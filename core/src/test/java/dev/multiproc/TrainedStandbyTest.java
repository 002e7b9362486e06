package dev.multiproc;

import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.queue.ProcessQueue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Standby children that train their connections and queues before they report ready: the training
 * leaves nothing behind that the process given to them could see, and they are members of the tree
 * like any other child (the suite's leak check covers the files the training used).
 */
class TrainedStandbyTest {

    /** In a trained child: answers on the pipe, then reports itself and a child of its own on the queue. */
    static void useTransport(Connection conn, ProcessQueue<Object> queue) {
        byte[] request = conn.recvBytes();
        conn.sendBytes(new byte[] {request[0], (byte) (request[1] + 1)});
        queue.put(Multiprocessing.currentProcess().getName());
        queue.put(Multiprocessing.parentProcess().pid());
        ChildProcess grandchild = new ChildProcess(() -> queue.put(Multiprocessing.currentProcess().getName()));
        grandchild.start();
        grandchild.join();
        queue.put(grandchild.exitCode());
    }

    @Test
    void aTrainedStandbyChildRunsItsProcessWithItsOwnIdentityPipesAndQueues() throws Exception {
        try (MultiprocessingContext trained = MultiprocessingContext.builder().standby(1).trainStandby(true).build();
             Pipe pipe = Pipe.open();
             ProcessQueue<Object> queue = new ProcessQueue<>()) {
            assertTrue(trained.trainStandby());
            assertTrue(trained.awaitStandby(Duration.ofMinutes(2)), "the standby child trained and reported ready");
            Connection theirs = pipe.right();
            ChildProcess child = trained.process(() -> useTransport(theirs, queue));
            child.start();
            pipe.left().sendBytes(new byte[] {7, 41});
            assertArrayEquals(new byte[] {7, 42}, pipe.left().recvBytes());
            assertEquals(child.getName(), queue.poll(60, TimeUnit.SECONDS), "nothing of the training is in the queue");
            assertEquals(ProcessHandle.current().pid(), queue.poll(60, TimeUnit.SECONDS));
            assertEquals(child.getName() + ":1", queue.poll(60, TimeUnit.SECONDS),
                    "its own children are named from the identity it was given after training");
            assertEquals(0, queue.poll(60, TimeUnit.SECONDS));
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode());
            assertEquals(0, queue.size());
            child.close();
        }
    }

    @Test
    void aStartWhileNoTrainedChildIsReadyRunsOnAFreshJvm() throws Exception {
        try (MultiprocessingContext trained = MultiprocessingContext.builder().standby(1).trainStandby(true).build();
             ProcessQueue<Object> queue = new ProcessQueue<>()) {
            // the standby child is still booting or training: the start does not wait for it
            ChildProcess child = trained.process(() -> queue.put(ProcessHandle.current().pid()));
            child.start();
            assertEquals(child.pid(), queue.poll(60, TimeUnit.SECONDS));
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode());
            assertTrue(trained.awaitStandby(Duration.ofMinutes(2)), "the standby child is still there, trained");
            child.close();
        }
    }

    @Test
    @SuppressWarnings("removal") // deprecated, still supported until it goes
    void warmingUpThisJvmRunsItsRoundsAndLeavesItsPipesAndQueuesAsTheyWere() throws IOException {
        try (ProcessQueue<Object> queue = new ProcessQueue<>()) {
            queue.put("before");
            Set<Path> pairsBefore = socketPairFiles();
            assertTrue(Multiprocessing.warmUpTransport() >= 3, "at least three rounds");
            assertEquals(pairsBefore, socketPairFiles(),
                    "the training's pipes and blocking socket pairs leave no socket file in the runtime directory");
            assertEquals(1, queue.size(), "a queue of the caller's is not touched");
            assertEquals("before", queue.poll());
        }
    }

    @Test
    void aTrainedStandbyChildThatDiesWhileIdleIsReplaced() throws Exception {
        Set<Long> before = childPids();
        try (MultiprocessingContext trained = MultiprocessingContext.builder().standby(1).trainStandby(true).build()) {
            assertTrue(trained.awaitStandby(Duration.ofMinutes(2)));
            List<ProcessHandle> standby = ProcessHandle.current().children()
                    .filter(p -> !before.contains(p.pid()))
                    .filter(p -> !p.info().commandLine().orElse("").contains("ArchiveClassesAtExit"))
                    .collect(Collectors.toList());
            assertEquals(1, standby.size(), "one standby child: " + standby);
            standby.get(0).destroyForcibly();
            assertTrue(standby.get(0).onExit().get(60, TimeUnit.SECONDS) != null);
            // nothing runs on the set, so the start that finds it empty also refills it
            ChildProcess child = trained.process(() -> { });
            child.start();
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode());
            assertTrue(trained.awaitStandby(Duration.ofMinutes(2)), "a new trained child took its place");
            child.close();
        }
    }

    /**
     * The runtime directory's files of in-JVM socket pairs: a pipe's ("p-") and a training's
     * blocking pair ("t-"); the process's own server socket, which a queue's first remote user
     * opens and which lives as long as the JVM, is not one of them.
     */
    private static Set<Path> socketPairFiles() throws IOException {
        try (Stream<Path> files = Files.list(JvmProcess.current().runtimeDir())) {
            return files.filter(f -> f.getFileName().toString().startsWith("p-") || f.getFileName().toString().startsWith("t-"))
                    .collect(Collectors.toSet());
        }
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
