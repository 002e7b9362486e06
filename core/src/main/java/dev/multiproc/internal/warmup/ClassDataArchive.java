package dev.multiproc.internal.warmup;

import dev.multiproc.internal.runtime.CacheDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * An application class-data-sharing archive for child JVMs, made once per classpath and reused:
 * a dynamic CDS archive up to JDK 24, the JVM's ahead-of-time cache from JDK 25 on ({@link ArchiveFormat}).
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
 * The cache keeps the {@value #KEEP} most recently used archives of either format.
 * {@code -Dmultiproc.cds=false} turns it off.
 */
public final class ClassDataArchive {
    private static final Set<String> ATTEMPTED = ConcurrentHashMap.newKeySet();
    private static final Set<String> USED = ConcurrentHashMap.newKeySet();
    /** Archives kept in the cache: each rebuilt jar makes a new one of a few megabytes. */
    static final int KEEP = 16;
    /** A partial dump older than this was left by a dumping child that died. */
    private static final long STALE_PARTIAL_MILLIS = TimeUnit.HOURS.toMillis(1);

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
        ArchiveFormat format = ArchiveFormat.current();
        Path archive = archiveFor(classpath, jvmOptions, format);
        if (archive == null) {
            return List.of();
        }
        if (Files.isReadable(archive)) {
            if (USED.add(archive.toString())) {
                markUsed(archive);
            }
            return format.useOptions(archive);
        }
        if (ATTEMPTED.add(archive.toString())) {
            try {
                Files.createDirectories(archive.getParent());
                Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                dumper.accept(format.dumpOptions(partial));
            } catch (IOException | RuntimeException e) {
                // no cache directory: children simply start without an archive
            }
        }
        return List.of();
    }

    /** Run by the child that dumps an archive: what later children will load; see {@link ArchiveWorkload}. */
    public static void exerciseChildPaths() {
        ArchiveWorkload.run();
    }

    /** Moves a finished dump into place; called once the dumping child has exited. */
    public static void publish(List<String> dumpOptions) {
        ArchiveFormat format = ArchiveFormat.current();
        Path partial = format.partialIn(dumpOptions);
        if (partial == null) {
            return;
        }
        String name = partial.getFileName().toString();
        Path archive = partial.resolveSibling(name.substring(0, name.indexOf(format.extension()) + format.extension().length()));
        try {
            if (Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(archive.getParent(), KEEP);
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

    /** The modification time says when an archive was last used, which {@link #prune} goes by. */
    private static void markUsed(Path archive) {
        try {
            Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // another user's cache, say: pruning then goes by the archive's age
        }
    }

    /**
     * Keeps the {@code keep} most recently used archives of {@code dir} and deletes the others,
     * with partial dumps that a dead dumping child left behind. Best effort: a file another JVM is
     * mapping stays mapped after deletion (Linux keeps it until unmapped).
     */
    static void prune(Path dir, int keep) {
        List<Path> archives = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(ArchiveFormat.DYNAMIC_CDS.extension()) || name.endsWith(ArchiveFormat.AOT_CACHE.extension())) {
                    archives.add(file);
                } else if (name.endsWith(".tmp") && now - lastModified(file) > STALE_PARTIAL_MILLIS) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        archives.sort(Comparator.comparingLong(ClassDataArchive::lastModified).reversed());
        for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException ignored) {
                // left for the next prune
            }
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static boolean eligible(String classpath, List<String> jvmOptions) {
        if (ArchiveFormat.userDecides(jvmOptions)) {
            return false;
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

    private static Path archiveFor(String classpath, List<String> jvmOptions, ArchiveFormat format) {
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
            return cacheDirectory().resolve(key + format.extension());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    static Path cacheDirectory() {
        return CacheDirectory.of("cds");
    }
}
