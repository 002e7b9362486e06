package dev.multiproc.internal.shm;

import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.runtime.PrivateDirectory;
import dev.multiproc.internal.runtime.SharedMemoryDirectory;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Where segment files live ({@link SharedMemoryDirectory}) and how they are named and swept.
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

    private SegmentFiles() {
    }

    /** The directory holding this tree's segment files. */
    public static Path directory() {
        return SharedMemoryDirectory.get();
    }

    /** The file name prefix of this tree's segments. */
    public static String prefix() {
        return JvmProcess.current().resourcePrefix();
    }

    /** A fresh, unguessable file name for an anonymous segment of {@code kind} ({@code lock}, ...). */
    public static String newName(String kind) {
        return prefix() + kind + "-" + Long.toHexString(RANDOM.nextLong() >>> 1);
    }
}
