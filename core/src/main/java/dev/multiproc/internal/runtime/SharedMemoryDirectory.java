package dev.multiproc.internal.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory that holds this tree's shared-memory files: {@code -Dmultiproc.shmDir}, else this
 * user's private directory in {@code /dev/shm} (a tmpfs: memory, never disk), else the tree's
 * runtime directory where {@code /dev/shm} is missing or not writable.
 *
 * <p>It lives here, beside the runtime directory, because the root removes the tree's files at
 * exit whoever created them, including children's segments the root itself never touched; the
 * segment code ({@code internal.shm}) builds on it.
 *
 * <pre>{@code
 * Path file = SharedMemoryDirectory.get().resolve(name);
 * }</pre>
 */
public final class SharedMemoryDirectory {
    private static final Path SHM = Path.of("/dev/shm");
    private static volatile Path directory;

    private SharedMemoryDirectory() {
    }

    /** The directory, chosen (and created if needed) on first use. */
    public static Path get() {
        Path dir = directory;
        if (dir == null) {
            synchronized (SharedMemoryDirectory.class) {
                if (directory == null) {
                    directory = choose();
                }
                dir = directory;
            }
        }
        return dir;
    }

    /** Deletes every file of {@code dir} whose name starts with {@code prefix}; returns how many. */
    public static int deleteAll(Path dir, String prefix) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path entry : entries) {
                if (Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort at exit: a directory we cannot list holds nothing of ours
        }
        return removed;
    }

    private static Path choose() {
        String configured = System.getProperty("multiproc.shmDir");
        if (configured != null) {
            return Path.of(configured);
        }
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return PrivateDirectory.in(SHM);
        }
        return JvmProcess.current().runtimeDir();
    }
}
