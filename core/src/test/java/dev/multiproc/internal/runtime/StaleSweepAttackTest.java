package dev.multiproc.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sweep of dead roots' leftovers cannot be turned against anyone: it looks only in this user's
 * own base directory, removes only this user's entries and never follows a symlink, even one swapped
 * in while it runs. Entries of "another user" are files chowned to an unused uid, which needs root.
 */
class StaleSweepAttackTest {
    private static final int FILES = 20_000;
    private static final int OTHER_UID = 4242;

    @TempDir
    Path scratch;

    @Test
    void theBaseDirectoryIsThisUsersAlone() throws IOException {
        Path base = RuntimeDirectory.base();
        assertFalse(Files.isSymbolicLink(base), base + " is a symlink");
        assertEquals(PrivateDirectory.self(), Files.getOwner(base, LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
        assertNotEquals(Path.of("/tmp"), base, "other users can create entries in /tmp");
        assertTrue(JvmProcess.current().runtimeDir().startsWith(base));
    }

    @Test
    void aSweepLeavesTheEntriesOfOtherUsersAlone() throws Exception {
        assumeTrue(PrivateDirectory.uid() == 0, "needs root to make files of another user");
        Path planted = Files.createDirectory(scratch.resolve(RuntimeDirectory.PREFIX + deadPid() + "-planted"));
        Path file = Files.writeString(planted.resolve("f"), "theirs");
        Files.setAttribute(file, "unix:uid", OTHER_UID);
        Files.setAttribute(planted, "unix:uid", OTHER_UID);

        assertEquals(0, RuntimeDirectory.sweepStale(scratch));
        assertEquals("theirs", Files.readString(file));
    }

    @Test
    void aSymlinkSwappedInDuringASweepIsNeverFollowed() throws Exception {
        Path victim = Files.createDirectory(scratch.resolve("victim"));
        Path stale = Files.createDirectory(scratch.resolve(RuntimeDirectory.PREFIX + deadPid() + "-stale"));
        Path d = Files.createDirectory(stale.resolve("d"));
        for (int i = 0; i < FILES; i++) {
            Files.createFile(d.resolve("f" + i));
            Files.createFile(victim.resolve("f" + i));
        }
        // As soon as the sweep has begun deleting inside d, d becomes a symlink to the victim.
        CompletableFuture<Boolean> swapped = CompletableFuture.supplyAsync(() -> {
            File dir = d.toFile();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String[] left = dir.list();
                if (left != null && left.length < FILES) {
                    try {
                        Files.move(d, stale.resolve("moved"));
                        Files.createSymbolicLink(d, victim);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                }
                Thread.onSpinWait();
            }
            return false;
        });

        RuntimeDirectory.sweepStale(scratch);
        assumeTrue(swapped.get(60, TimeUnit.SECONDS), "the swap came too late to test anything");

        try (var left = Files.list(victim)) {
            assertEquals(FILES, left.count(), "files deleted through the swapped-in symlink");
        }
    }

    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        return gone.pid();
    }
}
