package dev.multiproc.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The private directory of one process tree: its Unix-domain socket files live here.
 *
 * <p>Created by the root process with mode 0700 in this user's own base directory ({@link #base()}:
 * {@code $XDG_RUNTIME_DIR/multiproc-user-<uid>} when that variable names a directory of this user,
 * else {@code /tmp/multiproc-user-<uid>}; short, because a socket path may hold at most 107 bytes),
 * named {@code multiproc-<rootPid>-<random>}, inherited by every descendant, deleted when the root
 * exits. A root killed with SIGKILL cannot clean up, so every new root first sweeps the directories
 * (and segment files) of roots that are gone. The sweep looks only in this user's base directories,
 * removes only this user's entries and never follows a symlink ({@link SafeDelete}), so another
 * user can neither plant candidates nor steer it into files of theirs.
 */
public final class RuntimeDirectory {
    public static final String PREFIX = "multiproc-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RuntimeDirectory() {
    }

    /**
     * The base directory for runtime directories: {@code multiproc.runtimeBase} if set, else this
     * user's private directory (see the class comment).
     */
    public static Path base() {
        String configured = System.getProperty("multiproc.runtimeBase");
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty() && ownDirectory(Path.of(xdg))) {
            return PrivateDirectory.in(Path.of(xdg));
        }
        return PrivateDirectory.in(Path.of("/tmp"));
    }

    private static boolean ownDirectory(Path dir) {
        try {
            return dir.isAbsolute() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(PrivateDirectory.self());
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates a fresh owner-only runtime directory for the root process {@code rootPid}. */
    public static Path create(long rootPid) {
        Path base = base();
        try {
            Files.createDirectories(base);
            String name = PREFIX + rootPid + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL);
            return Files.createDirectory(base.resolve(name),
                    PosixFilePermissions.asFileAttribute(PrivateDirectory.OWNER_ONLY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runtime directory under " + base, e);
        }
    }

    /** Removes {@code dir} and everything of this user's below it, never following a symlink; best effort. */
    public static void delete(Path dir) {
        if (dir != null) {
            SafeDelete.tree(dir);
        }
    }

    /**
     * Deletes the entries of {@code dir} named {@code multiproc-<pid>-...} that belong to this user
     * and whose root process is gone (or whose pid now belongs to a process started after the entry
     * was made).
     *
     * @return how many entries were removed
     */
    public static int sweepStale(Path dir) {
        return SafeDelete.entries(dir, (handle, name) -> {
            try {
                return isStale(name.toString(), SafeDelete.attributes(handle, name).lastModifiedTime().toMillis());
            } catch (IOException gone) {
                return false;
            }
        });
    }

    /** True when {@code entry}'s owning root process no longer exists. */
    public static boolean isStale(Path entry) {
        try {
            return isStale(entry.getFileName().toString(),
                    Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toMillis());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isStale(String name, long createdMillis) {
        if (!name.startsWith(PREFIX)) {
            return false;
        }
        String rest = name.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        long pid;
        try {
            pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            return true;
        }
        return owner.get().info().startInstant()
                .map(start -> start.toEpochMilli() > createdMillis + 1000)
                .orElse(false);
    }
}
