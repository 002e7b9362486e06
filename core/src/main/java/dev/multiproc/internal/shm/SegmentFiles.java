package dev.multiproc.internal.shm;

import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.runtime.PrivateDirectory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Where segment files live and how they are named and swept.
 *
 * <p>Files go to this user's directory in {@code /dev/shm} (a tmpfs: memory, never disk),
 * {@code /dev/shm/multiproc-user-<uid>} with mode 0700 ({@link PrivateDirectory}), or, where
 * {@code /dev/shm} is missing or not writable, to the tree's runtime directory;
 * {@code -Dmultiproc.shmDir=...} overrides both. No other user can create an entry where segments
 * live, so none can squat a name or plant a symlink under it, and {@link Segment} opens files with
 * no-follow semantics and checks their owner and mode anyway. Every
 * name starts with {@link JvmProcess#resourcePrefix()}, {@code multiproc-<rootPid>-}, which ties the
 * file to the root process of its tree:
 * <ul>
 *   <li>the root removes every file of its tree when it exits, whoever created it (Python's
 *       resource tracker does the same: a segment made by a child outlives the child);</li>
 *   <li>a root killed with SIGKILL cannot clean up, so every new root sweeps the files of roots
 *       that are gone ({@code RuntimeDirectory.sweepStale}).</li>
 * </ul>
 */
public final class SegmentFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile Path directory;

    private SegmentFiles() {
    }

    /** The directory holding this tree's segment files. */
    public static Path directory() {
        Path dir = directory;
        if (dir == null) {
            synchronized (SegmentFiles.class) {
                if (directory == null) {
                    directory = chooseDirectory();
                    registerRootSweep(directory);
                }
                dir = directory;
            }
        }
        return dir;
    }

    /** The file name prefix of this tree's segments. */
    public static String prefix() {
        return JvmProcess.current().resourcePrefix();
    }

    /** A fresh, unguessable file name for an anonymous segment of {@code kind} ({@code lock}, ...). */
    public static String newName(String kind) {
        return prefix() + kind + "-" + Long.toHexString(RANDOM.nextLong() >>> 1);
    }

    /** Deletes every segment file of this tree; returns how many were removed. */
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

    private static Path chooseDirectory() {
        String configured = System.getProperty("multiproc.shmDir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return PrivateDirectory.in(shm);
        }
        return JvmProcess.current().runtimeDir();
    }

    private static void registerRootSweep(Path dir) {
        JvmProcess self = JvmProcess.current();
        if (self.isRoot()) {
            String prefix = self.resourcePrefix();
            self.atExit(() -> deleteAll(dir, prefix));
        }
    }
}
