package dev.multiproc;

import dev.multiproc.internal.runtime.JvmProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs after every test class (registered for the whole suite): no child process of this JVM may
 * still be alive, and the runtime directory may hold nothing but this JVM's own process-server
 * socket. A leak fails the class that caused it, by name.
 */
public final class LeakCheck implements AfterAllCallback {
    private static final long GRACE_MILLIS = 10_000;

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        List<ProcessHandle> alive = liveChildren();
        while (!alive.isEmpty() && System.currentTimeMillis() < deadline) {
            for (ProcessHandle child : alive) {
                try {
                    child.onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                } catch (Exception stillRunning) {
                    break;
                }
            }
            alive = liveChildren();
        }
        if (!alive.isEmpty()) {
            String described = alive.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                    .collect(Collectors.joining("\n  "));
            alive.forEach(ProcessHandle::destroyForcibly);
            fail(context.getDisplayName() + " left child processes running:\n  " + described);
        }
        List<Path> leftovers = leftoverFiles();
        if (!leftovers.isEmpty()) {
            fail(context.getDisplayName() + " left files in the runtime directory: " + leftovers);
        }
    }

    /** Children that are not standby JVMs of a still-open context are leaks. */
    private static List<ProcessHandle> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    private static List<Path> leftoverFiles() throws IOException {
        Path dir = JvmProcess.current().runtimeDir();
        String server = "s-" + ProcessHandle.current().pid();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().equals(server)).collect(Collectors.toList());
        }
    }
}
