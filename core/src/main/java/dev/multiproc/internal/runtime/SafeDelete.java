package dev.multiproc.internal.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Deletes trees of this user's files without ever following a symlink and without ever acting on a
 * path that someone could swap between a check and a deletion.
 *
 * <p>Every step is taken relative to an open directory handle ({@link SecureDirectoryStream}: the
 * {@code openat}/{@code unlinkat} family): a directory is descended into only if it is a directory
 * of this user when opened with no-follow semantics and is still the same directory (same file key)
 * once open; a symlink is removed as a link; anything owned by another user is left alone. A path
 * walk that deletes by name instead could be steered, by swapping a directory for a symlink while
 * it runs, into deleting the files of whatever the link points at.
 */
public final class SafeDelete {
    private SafeDelete() {
    }

    /** Removes {@code dir} and everything of this user's below it; best effort. */
    public static void tree(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        entries(parent, (handle, name) -> name.equals(dir.getFileName()));
    }

    /**
     * Removes, with everything below them, the entries of {@code dir} owned by this user that
     * {@code select} picks (given {@code dir}'s open handle and the entry's name); best effort.
     *
     * @return how many entries were removed
     */
    public static int entries(Path dir, BiPredicate<SecureDirectoryStream<Path>, Path> select) {
        int removed = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            if (!(stream instanceof SecureDirectoryStream)) {
                return 0; // no handle-relative deletion on this platform: leaving files beats a steerable sweep
            }
            SecureDirectoryStream<Path> handle = (SecureDirectoryStream<Path>) stream;
            for (Path name : names(handle)) {
                if (select.test(handle, name) && remove(handle, name)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a directory we cannot list holds nothing of ours
        }
        return removed;
    }

    /** Attributes of {@code name} in {@code dir}, the link itself for a symlink. */
    public static PosixFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    private static List<Path> names(SecureDirectoryStream<Path> dir) {
        List<Path> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName());
        }
        return names;
    }

    private static boolean remove(SecureDirectoryStream<Path> parent, Path name) {
        try {
            PosixFileAttributes seen = attributes(parent, name);
            if (!seen.owner().equals(PrivateDirectory.self())) {
                return false;
            }
            if (!seen.isDirectory()) {
                parent.deleteFile(name); // a symlink goes as a link: its target is never touched
                return true;
            }
            try (SecureDirectoryStream<Path> child = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                PosixFileAttributes opened = child.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
                if (!Objects.equals(opened.fileKey(), seen.fileKey())) {
                    return false; // swapped between the look and the open
                }
                for (Path entry : names(child)) {
                    remove(child, entry);
                }
            }
            parent.deleteDirectory(name);
            return true;
        } catch (IOException | RuntimeException gone) {
            return false; // removed by someone else meanwhile, or not empty: best effort
        }
    }
}
