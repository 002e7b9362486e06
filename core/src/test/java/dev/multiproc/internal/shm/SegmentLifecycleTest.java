package dev.multiproc.internal.shm;

import dev.multiproc.shared.SharedMemory;
import dev.multiproc.sync.ProcessLock;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segment files: owner-only, removed when their root exits, and swept by the next root when a root
 * was killed with SIGKILL. Separate root JVMs run {@link #main}, which makes a few segments, prints
 * their file names and then exits or blocks to be killed.
 */
class SegmentLifecycleTest {

    /** A root process: {@code exit} creates segments and exits; {@code block} creates and waits. */
    public static void main(String[] args) throws Exception {
        ProcessLock lock = new ProcessLock();
        SharedMemory block = SharedMemory.create("lifecycle", 4096);
        System.out.println(lock.toString().replaceAll(".*\\[(.*)]", "$1"));
        System.out.println(block.fileName());
        System.out.println("ready");
        System.out.flush();
        if (args[0].equals("block")) {
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    private static Process startRoot(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SegmentLifecycleTest.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<String> readNames(Process root) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(root.getInputStream(), StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
            names.add(line);
        }
        return names;
    }

    private static List<String> filesOf(long rootPid) throws IOException {
        try (Stream<Path> files = Files.list(SegmentFiles.directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("multiproc-" + rootPid + "-")).collect(Collectors.toList());
        }
    }

    @Test
    void segmentFilesAreOwnerOnly() throws IOException {
        try (ProcessLock lock = new ProcessLock()) {
            String name = lock.toString().replaceAll(".*\\[(.*)]", "$1");
            Path file = SegmentFiles.directory().resolve(name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(name.startsWith(SegmentFiles.prefix()), name);
        }
    }

    @Test
    void aRootThatExitsRemovesItsSegments() throws Exception {
        Process root = startRoot("exit");
        List<String> names = readNames(root);
        assertEquals(2, names.size(), names.toString());
        assertTrue(root.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, root.exitValue());
        assertEquals(List.of(), filesOf(root.pid()));
    }

    @Test
    void theSegmentsOfARootKilledWithSigkillAreSweptByTheNextRoot() throws Exception {
        Process killed = startRoot("block");
        List<String> names = readNames(killed);
        assertEquals(2, names.size(), names.toString());
        for (String name : names) {
            assertTrue(Files.exists(SegmentFiles.directory().resolve(name)), name);
        }
        killed.destroyForcibly();      // SIGKILL: no exit hooks run
        assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
        assertEquals(names.size(), filesOf(killed.pid()).size(), "a killed root cannot clean up");

        Process next = startRoot("exit");
        readNames(next);
        assertTrue(next.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of(), filesOf(killed.pid()), "the next root swept the dead root's segments");
        assertEquals(List.of(), filesOf(next.pid()));
    }
}
