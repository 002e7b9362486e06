package dev.multiproc.internal.runtime;

import java.nio.file.Path;

/**
 * Where this library keeps files worth reusing across runs (class-data archives, jars extracted
 * from jars): {@code -Dmultiproc.cacheDir}, else {@code $XDG_CACHE_HOME/multiproc}, else
 * {@code ~/.cache/multiproc}; one subdirectory per kind.
 *
 * <pre>{@code
 * Path archives = CacheDirectory.of("cds");
 * }</pre>
 */
public final class CacheDirectory {
    private CacheDirectory() {
    }

    /** The directory for files of {@code kind} (not created here). */
    public static Path of(String kind) {
        String configured = System.getProperty("multiproc.cacheDir");
        if (configured != null) {
            return Path.of(configured, kind);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("multiproc").resolve(kind);
    }
}
