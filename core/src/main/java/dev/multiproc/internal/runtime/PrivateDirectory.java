package dev.multiproc.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * A directory in a shared place ({@code /tmp}, {@code /dev/shm}) that only this user may hold
 * entries in: {@code <parent>/multiproc-user-<uid>}, mode 0700, owned by this user, not a symlink.
 *
 * <p>Why: every user can create entries in {@code /tmp} and {@code /dev/shm}. Names there that a
 * program of another user can predict can be squatted (made to exist first) or redirected (made a
 * symlink to a file of this user's), and a sweep of stale entries there can be steered into the
 * files of others. Inside a directory that is this user's alone no other user can create, rename or
 * replace anything, so names in it may be predictable and a sweep of it meets only this user's
 * entries.
 *
 * <p>The name holds {@code user-}, not just the uid, so that a version that swept
 * {@code multiproc-<pid>-...} entries by pid does not take it for the directory of a dead process.
 * When another user has taken the name first, a fresh directory with a random suffix is used
 * instead: this tree then works as before, and only its leftovers after a SIGKILL are not swept.
 */
public final class PrivateDirectory {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static volatile UserPrincipal self;

    private PrivateDirectory() {
    }

    /** {@code parent}'s directory for this user, created or verified: see the class comment. */
    public static Path in(Path parent) {
        Path dir = parent.resolve(RuntimeDirectory.PREFIX + "user-" + uid());
        try {
            Files.createDirectories(parent);
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException existing) {
                // ours from an earlier run, or planted: verified below
            }
            if (problem(dir) == null) {
                return dir;
            }
            return Files.createTempDirectory(parent, RuntimeDirectory.PREFIX + "user-" + uid() + "-",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create this user's directory in " + parent, e);
        }
    }

    /** {@code parent}'s directory for this user if it exists and is private, else null; creates nothing. */
    public static Path existing(Path parent) {
        Path dir = parent.resolve(RuntimeDirectory.PREFIX + "user-" + uid());
        try {
            return Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && problem(dir) == null ? dir : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Why {@code dir} is not a private directory of this user (a symlink, another owner, access for
     * others), or null when it is one. A directory of ours with a wider mode is narrowed first.
     */
    static String problem(Path dir) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes attributes = view.readAttributes();
        if (!attributes.isDirectory()) {
            return dir + " is not a directory" + (attributes.isSymbolicLink() ? " but a symlink" : "");
        }
        if (!attributes.owner().equals(self())) {
            return dir + " belongs to " + attributes.owner().getName() + ", not " + self().getName();
        }
        if (!attributes.permissions().equals(OWNER_ONLY)) {
            view.setPermissions(EnumSet.copyOf(OWNER_ONLY));
        }
        return null;
    }

    /** The user this process runs as, as file systems name owners. */
    public static UserPrincipal self() {
        UserPrincipal known = self;
        if (known == null) {
            try {
                // /proc/self belongs to the process's effective user
                known = Files.getOwner(Path.of("/proc/self"), LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | UnsupportedOperationException noProc) {
                known = ownerOfNewFile();
            }
            self = known;
        }
        return known;
    }

    /** This process's numeric user id. */
    public static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException noProc) {
            return Math.abs(self().getName().hashCode());
        }
    }

    private static UserPrincipal ownerOfNewFile() {
        try {
            Path probe = Files.createTempFile("multiproc-owner", "");
            try {
                return Files.getOwner(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell which user this process runs as", e);
        }
    }
}
