package dev.multiproc.internal.spawn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.jar.JarFile;

/**
 * An application class-data-sharing archive for child JVMs, made once per classpath and reused.
 *
 * <p>Why: a child JVM spends much of its start-up loading, parsing and verifying classes and
 * spinning lambda forms. A dynamic CDS archive ({@code -XX:ArchiveClassesAtExit}, JDK 13+) keeps
 * them pre-parsed in a file the JVM maps at start; measured here it takes roughly a third off a cold
 * start+join. The first child of a classpath starts without it; meanwhile one background child
 * dumps the archive under {@code $XDG_CACHE_HOME/multiproc/cds} (default {@code ~/.cache}), keyed by
 * the JDK, the classpath (with each jar's size and time) and the JVM options; later children map it.
 *
 * <p>Only for classpaths made of jar files (CDS refuses directories, including those a jar's
 * manifest {@code Class-Path} names), and never when the options already choose CDS settings.
 * {@code -Dmultiproc.cds=false} turns it off.
 */
public final class ClassDataArchive {
    private static final Set<String> ATTEMPTED = ConcurrentHashMap.newKeySet();
    /** Keeps the JVM's CDS warnings (an archive from another build, say) out of the child's output. */
    private static final String QUIET = "-Xlog:cds*=off";

    private ClassDataArchive() {
    }

    /**
     * The options that make a child use the archive for this classpath, or none; when there is no
     * archive yet, asks {@code dumper} once (per JVM and key) to make one with the given options.
     */
    public static List<String> options(String classpath, List<String> jvmOptions, Consumer<List<String>> dumper) {
        if (!Boolean.parseBoolean(System.getProperty("multiproc.cds", "true")) || !eligible(classpath, jvmOptions)) {
            return List.of();
        }
        Path archive = archiveFor(classpath, jvmOptions);
        if (archive == null) {
            return List.of();
        }
        if (Files.isReadable(archive)) {
            return List.of(QUIET, "-XX:SharedArchiveFile=" + archive);
        }
        if (ATTEMPTED.add(archive.toString())) {
            try {
                Files.createDirectories(archive.getParent());
                Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                dumper.accept(List.of(QUIET, "-XX:ArchiveClassesAtExit=" + partial));
            } catch (IOException | RuntimeException e) {
                // no cache directory: children simply start without an archive
            }
        }
        return List.of();
    }

    /** Moves a finished dump into place; called once the dumping child has exited. */
    public static void publish(List<String> dumpOptions) {
        for (String option : dumpOptions) {
            if (option.startsWith("-XX:ArchiveClassesAtExit=")) {
                Path partial = Path.of(option.substring("-XX:ArchiveClassesAtExit=".length()));
                String name = partial.getFileName().toString();
                Path archive = partial.resolveSibling(name.substring(0, name.indexOf(".jsa") + 4));
                try {
                    if (Files.size(partial) > 0) {
                        Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    // the dump failed: the next JVM will try again
                } finally {
                    try {
                        Files.deleteIfExists(partial);
                    } catch (IOException ignored) {
                        // a leftover temporary file is harmless
                    }
                }
            }
        }
    }

    static boolean eligible(String classpath, List<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:ArchiveClassesAtExit")
                    || option.equals("-Xshare:off") || option.startsWith("-XX:SharedClassListFile")) {
                return false;
            }
        }
        if (classpath == null || classpath.isEmpty()) {
            return false;
        }
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(path)) {
                return false;
            }
            try (JarFile jar = new JarFile(path.toFile())) {
                if (jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Class-Path") != null) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static Path archiveFor(String classpath, List<String> jvmOptions) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, System.getProperty("java.home"));
            update(sha, System.getProperty("java.vm.version"));
            update(sha, String.join(" ", jvmOptions));
            for (String entry : classpath.split(java.io.File.pathSeparator)) {
                Path jar = Path.of(entry).toAbsolutePath();
                update(sha, jar + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis());
            }
            String key = HexFormat.of().formatHex(sha.digest()).substring(0, 24);
            return cacheDirectory().resolve(key + ".jsa");
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    static Path cacheDirectory() {
        String configured = System.getProperty("multiproc.cacheDir");
        if (configured != null) {
            return Path.of(configured, "cds");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("multiproc").resolve("cds");
    }
}
