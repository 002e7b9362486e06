package dev.multiproc.internal.runtime;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeDirectoryTest {

    /** A root process for the test below: starts a child, says where its runtime directory is, waits. */
    public static final class Root {
        public static void main(String[] args) throws Exception {
            ChildProcess child = new ChildProcess(() -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            child.start();
            System.out.println(JvmProcess.current().runtimeDir() + " " + child.pid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    @Test
    void theRuntimeDirectoryIsPrivateToItsOwner() throws Exception {
        Path dir = JvmProcess.current().runtimeDir();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertTrue(dir.getFileName().toString().startsWith("multiproc-" + ProcessHandle.current().pid() + "-"));
    }

    @Test
    void whatARootKilledWithSigkillLeftIsSweptAtTheNextStart() throws Exception {
        Process root = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Root.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] ready;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(root.getInputStream(), StandardCharsets.UTF_8))) {
            ready = out.readLine().split(" ");
            Path dir = Path.of(ready[0]);
            ProcessHandle child = ProcessHandle.of(Long.parseLong(ready[1])).orElseThrow();
            assertTrue(Files.isDirectory(dir));

            root.destroyForcibly();                           // kill -9: no shutdown hook runs
            assertTrue(root.waitFor(30, TimeUnit.SECONDS));
            child.onExit().get(30, TimeUnit.SECONDS);         // the orphan exits by itself

            // Any root starting now sweeps it, possibly another build's JVM before this line.
            assertTrue(!Files.exists(dir) || RuntimeDirectory.isStale(dir));
            RuntimeDirectory.sweepStale(RuntimeDirectory.base());
            assertFalse(Files.exists(dir), "swept at the next start");
            assertTrue(Files.isDirectory(JvmProcess.current().runtimeDir()), "a live root's directory is kept");
        }
    }
}
