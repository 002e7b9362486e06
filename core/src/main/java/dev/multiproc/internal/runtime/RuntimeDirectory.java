package dev.multiproc.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The private directory of one process tree: its Unix-domain socket files live here.
 *
 * <p>Created by the root process with mode 0700 under {@code /tmp} (short, because a socket path
 * may hold at most 107 bytes), named {@code multiproc-<rootPid>-<random>}, inherited by every
 * descendant, deleted when the root exits. A root killed with SIGKILL cannot clean up, so every new
 * root first sweeps the directories (and {@code /dev/shm} files) of roots that are gone.
 */
public final class RuntimeDirectory {
    public static final String PREFIX = "multiproc-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RuntimeDirectory() {
    }

    /** The base directory for runtime directories: {@code multiproc.runtimeBase} or {@code /tmp}. */
    public static Path base() {
        return Path.of(System.getProperty("multiproc.runtimeBase", "/tmp"));
    }

    /** Creates a fresh owner-only runtime directory for the root process {@code rootPid}. */
    public static Path create(long rootPid) {
        Path base = base();
        try {
            Files.createDirectories(base);
            String name = PREFIX + rootPid + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL);
            return Files.createDirectory(base.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runtime directory under " + base, e);
        }
    }

    /** Removes {@code dir} and everything below it; best effort. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another process may be removing it too
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // already gone
        }
    }

    /**
     * Deletes the entries of {@code dir} named {@code multiproc-<pid>-...} whose root process is
     * gone (or whose pid now belongs to a process started after the entry was made).
     *
     * @return how many entries were removed
     */
    public static int sweepStale(Path dir) {
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path entry : entries) {
                if (isStale(entry)) {
                    delete(entry);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a directory we cannot list holds nothing of ours
        }
        return removed;
    }

    /** True when {@code entry}'s owning root process no longer exists. */
    public static boolean isStale(Path entry) {
        String name = entry.getFileName().toString();
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
        try {
            long created = Files.getLastModifiedTime(entry).toMillis();
            return owner.get().info().startInstant()
                    .map(start -> start.toEpochMilli() > created + 1000)
                    .orElse(false);
        } catch (IOException e) {
            return false;
        }
    }
}
