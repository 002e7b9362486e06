package dev.multiproc.internal.spawn;

import dev.multiproc.internal.runtime.CacheDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Jars inside a jar (a Spring Boot style executable jar's {@code BOOT-INF/lib/}), copied out to
 * a cache so that a child JVM can put them on its classpath: the JVM itself reads no nested jar.
 *
 * <p>Both URL forms of such loaders are understood:
 * <pre>
 *   jar:nested:/srv/app.jar/!BOOT-INF/lib/multiproc-core.jar!/     (Spring Boot 3.2 and later)
 *   jar:file:/srv/app.jar!/BOOT-INF/lib/multiproc-core.jar!/        (earlier, and other launchers)
 *   jar:file:/srv/app.jar!/                                         (a plain jar: the outer file)
 * </pre>
 * An extracted jar is named by a hash of the outer jar's path, size and modification time and the
 * entry's name, under {@link CacheDirectory} {@code jars/}, and written to a temporary file moved
 * into place, so concurrent JVMs never read a half-written copy.
 *
 * <pre>{@code
 * Path core = NestedJars.extract("jar:nested:/srv/app.jar/!BOOT-INF/lib/multiproc-core.jar!/");
 * }</pre>
 */
final class NestedJars {
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private NestedJars() {
    }

    /** The local file for a {@code jar:} or {@code nested:} URL, extracting a nested jar; null when it names none. */
    static Path extract(String url) {
        String spec = url;
        if (spec.startsWith("jar:")) {
            spec = spec.substring("jar:".length());
        }
        if (spec.endsWith("!/")) {
            spec = spec.substring(0, spec.length() - 2);
        }
        String outer;
        String entry;
        if (spec.startsWith("nested:")) {
            int separator = spec.indexOf("/!");
            if (separator < 0) {
                return null;
            }
            outer = spec.substring("nested:".length(), separator);
            entry = spec.substring(separator + 2);
        } else if (spec.startsWith("file:")) {
            int separator = spec.indexOf("!/");
            outer = separator < 0 ? spec.substring("file:".length()) : spec.substring("file:".length(), separator);
            entry = separator < 0 ? "" : spec.substring(separator + 2);
        } else {
            return null;
        }
        outer = URLDecoder.decode(outer.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path outerJar = Path.of(outer);
        if (entry.isEmpty()) {
            return Files.isRegularFile(outerJar) ? outerJar : null;
        }
        if (!entry.endsWith(".jar")) {
            return null; // a directory inside a jar (BOOT-INF/classes/): its classes come from the parent
        }
        return EXTRACTED.computeIfAbsent(outerJar + "!/" + entry, key -> copyOut(outerJar, entry));
    }

    private static Path copyOut(Path outerJar, String entryName) {
        try (ZipFile zip = new ZipFile(outerJar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                return null;
            }
            String fileName = entryName.substring(entryName.lastIndexOf('/') + 1);
            Path target = CacheDirectory.of("jars").resolve(key(outerJar, entryName)).resolve(fileName);
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(fileName + "." + ProcessHandle.current().pid() + ".tmp");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static String key(Path outerJar, String entryName) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String identity = outerJar.toAbsolutePath() + "\0" + Files.size(outerJar) + "\0"
                    + Files.getLastModifiedTime(outerJar).toMillis() + "\0" + entryName;
            return HexFormat.of().formatHex(sha.digest(identity.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
