package dev.multiproc.internal.runtime;

import dev.multiproc.ChildProcess;
import dev.multiproc.MultiprocessingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache (class-data archives, nested jars) follows XDG_CACHE_HOME, read in a child whose environment sets it. */
class CacheDirectoryTest {

    @Test
    void xdgCacheHomeChoosesTheBase(@TempDir Path xdg) {
        String expected = xdg.resolve("multiproc").resolve("cds").toString();
        try (MultiprocessingContext context = MultiprocessingContext.builder()
                .environment(Map.of("XDG_CACHE_HOME", xdg.toString())).build()) {
            ChildProcess child = context.process(() -> {
                if (System.getProperty("multiproc.cacheDir") == null && !CacheDirectory.of("cds").toString().equals(expected)) {
                    System.exit(3);
                }
            });
            child.start();
            assertTrue(child.join(Duration.ofSeconds(60)), "the child exited");
            assertEquals(0, child.exitCode(), "the child found its cache under " + expected);
        }
    }
}
