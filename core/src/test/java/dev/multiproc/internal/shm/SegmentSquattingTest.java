package dev.multiproc.internal.shm;

import dev.multiproc.internal.runtime.PrivateDirectory;
import dev.multiproc.shared.SharedMemory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Named segments can be neither squatted nor redirected: they live in a directory that is this
 * user's alone, are opened without following symlinks, and are mapped only when this user owns them
 * with an owner-only mode. Planted entries are made here directly (and chowned to an unused uid,
 * which needs root), as another user would if the directory were shared.
 */
class SegmentSquattingTest {
    private static final int OTHER_UID = 4242;

    @Test
    void segmentsLiveWhereOnlyThisUserCanCreateEntries() throws IOException {
        Path dir = SegmentFiles.directory();
        assertNotEquals(Path.of("/dev/shm"), dir, "every user can create entries in /dev/shm");
        assertFalse(Files.isSymbolicLink(dir));
        assertEquals(PrivateDirectory.self(), Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void attachDoesNotFollowAPlantedSymlink() throws IOException {
        Path secret = Files.createTempFile("multiproc-secret", "");
        Path link = SegmentFiles.directory().resolve(SegmentFiles.prefix() + "shm-redirected");
        try {
            Files.writeString(secret, "root only");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Files.createSymbolicLink(link, secret);

            assertThrows(UncheckedIOException.class, () -> SharedMemory.attach("redirected"));
            assertEquals("root only", Files.readString(secret));
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void attachRefusesAFileOfAnotherUser() throws IOException {
        assumeTrue(PrivateDirectory.uid() == 0, "needs root to make a file of another user");
        Path planted = SegmentFiles.directory().resolve(SegmentFiles.prefix() + "shm-planted");
        try {
            Files.write(planted, new byte[4096]);
            Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-------"));
            Files.setAttribute(planted, "unix:uid", OTHER_UID);

            UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> SharedMemory.attach("planted"));
            assertEquals(java.nio.file.AccessDeniedException.class, refused.getCause().getClass());
        } finally {
            Files.deleteIfExists(planted);
        }
    }

    @Test
    void attachRefusesAFileOthersMayWrite() throws IOException {
        Path planted = SegmentFiles.directory().resolve(SegmentFiles.prefix() + "shm-open");
        try {
            Files.write(planted, new byte[4096]);
            Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-rw-rw-"));
            assertThrows(UncheckedIOException.class, () -> SharedMemory.attach("open"));
        } finally {
            Files.deleteIfExists(planted);
        }
    }
}
