package dev.multiproc.cluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * After each test class: no process this JVM started (members, and their child JVMs) may still
 * be alive, allowing 15 s for them to exit, except the {@link SharedCluster}'s. A leak fails the
 * class that caused it, by name.
 */
public final class ChildLeakCheck implements AfterAllCallback {
    private static final long GRACE_MILLIS = 15_000;

    @Override
    public void afterAll(ExtensionContext context) {
        Class<?> tested = context.getRequiredTestClass();
        if (tested.getEnclosingClass() != null && !java.lang.reflect.Modifier.isStatic(tested.getModifiers())) {
            return; // a @Nested class shares its outer class's processes; the outer class is checked
        }
        assertNoneLeft(context.getDisplayName());
    }

    /**
     * Fails, naming {@code what}, when a process this JVM started (other than the shared
     * cluster's) is still alive after the grace period; kills what is left.
     *
     * @param what the test class or spec checked
     */
    public static void assertNoneLeft(String what) {
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        List<ProcessHandle> alive = descendants();
        while (!alive.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                alive.get(0).onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception stillRunning) {
                break;
            }
            alive = descendants();
        }
        if (!alive.isEmpty()) {
            String described = alive.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                    .collect(Collectors.joining("\n  "));
            alive.forEach(ProcessHandle::destroyForcibly);
            fail(what + " left processes running:\n  " + described);
        }
    }

    private static List<ProcessHandle> descendants() {
        java.util.Set<Long> shared = SharedCluster.processes();
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> !shared.contains(p.pid())).collect(Collectors.toList());
    }
}
