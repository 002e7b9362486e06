package dev.multiproc.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reading and making the authkey files that members and drivers share.
 *
 * <pre>{@code
 * Path key = Authkeys.create(Path.of("authkey"));   // 32 random bytes, hex, mode 0600
 * byte[] bytes = Authkeys.read(key);
 * }</pre>
 */
public final class Authkeys {
    private Authkeys() {
    }

    /**
     * The key in {@code file}: its bytes, without a trailing line end (so {@code echo secret > f} works).
     *
     * @param file the authkey file, not {@code null}
     * @return the key's bytes, at least one
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the file is empty
     */
    public static byte[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("the authkey file " + file + " is empty");
        }
        return Arrays.copyOf(bytes, end);
    }

    /**
     * Writes a new random key (32 bytes, as hex) to {@code file}, readable by its owner only.
     *
     * @param file where to write it, not {@code null}; replaced when it exists
     * @return {@code file}
     * @throws IOException when it cannot be written
     */
    public static Path create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
        return file;
    }
}
