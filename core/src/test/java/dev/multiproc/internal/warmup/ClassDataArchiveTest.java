package dev.multiproc.internal.warmup;

import dev.multiproc.ChildProcess;
import dev.multiproc.Multiprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A jar-only classpath gets a class-data archive made once, and later children map it: a dynamic
 * CDS archive up to JDK 24, an AOT cache from JDK 25 on.
 */
class ClassDataArchiveTest {

    /** Run with the jar as its classpath: one child, wait for the archive, one more child that must map it. */
    public static final class Root {
        public static void main(String[] args) throws Exception {
            Path cds = Path.of(args[0], "cds");
            Files.createDirectories(cds);
            try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                cds.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                ChildProcess first = new ChildProcess(() -> { });
                first.start();
                first.join();
                while (!hasArchive(cds)) {
                    WatchKey key = watch.poll(100, TimeUnit.SECONDS);
                    if (key == null) {
                        System.out.println("no archive");
                        return;
                    }
                    key.pollEvents();
                    key.reset();
                }
            }
            ChildProcess second = new ChildProcess(Root::reportArchive);
            second.start();
            second.join();
            System.out.println("archive mapped by the next child: " + (second.exitCode() == 0));
            Multiprocessing.activeChildren().forEach(ChildProcess::join);
        }

        static boolean hasArchive(Path cds) throws IOException {
            try (Stream<Path> files = Files.list(cds)) {
                return files.anyMatch(p -> p.toString().endsWith(ArchiveFormat.current().extension()));
            }
        }

        /** Prints the options this child was started with, and exits with 0 when it maps the archive. */
        static void reportArchive() {
            System.out.println("child options: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
            boolean maps;
            try {
                maps = Files.readString(Path.of("/proc/self/maps")).contains(ArchiveFormat.current().extension());
            } catch (IOException e) {
                maps = false;
            }
            System.exit(maps ? 0 : 1);
        }
    }

    @Test
    void upToJdk24AJarClasspathGetsADynamicArchiveThatLaterChildrenMap(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() < ArchiveFormat.AOT_CACHE_SINCE, "JDK 25 on makes an AOT cache");
        String output = makeAndMapAnArchive(dir, ".jsa");
        assertTrue(output.contains("-XX:SharedArchiveFile="), output);
    }

    @Test
    void fromJdk25AJarClasspathGetsAnAotCacheThatLaterChildrenMap(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= ArchiveFormat.AOT_CACHE_SINCE, "this JDK has no one-step AOT cache");
        String output = makeAndMapAnArchive(dir, ".aot");
        assertTrue(output.contains("-XX:AOTCache="), output);
        assertFalse(output.contains("-XX:SharedArchiveFile"), output);
    }

    /** Runs {@link Root} with a jar class path; returns its output once the archive is checked. */
    private static String makeAndMapAnArchive(Path dir, String extension) throws Exception {
        Path jar = dir.resolve("app.jar");
        writeJar(jar, List.of(classesOf(ChildProcess.class), classesOf(ClassDataArchiveTest.class)));
        Path cache = dir.resolve("cache");
        Process root = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmultiproc.cacheDir=" + cache, "-cp", jar.toString(), Root.class.getName(), cache.toString())
                .redirectErrorStream(true).start();
        String output = new String(root.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(root.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, root.exitValue(), output);
        assertTrue(output.contains("archive mapped by the next child: true"), output);
        try (Stream<Path> files = Files.list(cache.resolve("cds"))) {
            List<Path> left = files.toList();
            assertEquals(1, left.size(), "one archive, no temporary file: " + left);
            assertTrue(left.get(0).toString().endsWith(extension), left.toString());
            // not only the start path: what children go on to load (class names are in the archive's symbols)
            String archive = new String(Files.readAllBytes(left.get(0)), StandardCharsets.ISO_8859_1);
            for (String type : List.of("dev/multiproc/shared/SharedMemory", "dev/multiproc/internal/pool/WorkerLoop",
                    "dev/multiproc/internal/queue/RemoteQueue", "sun/nio/ch/FileChannelImpl")) {
                assertTrue(archive.contains(type), type + " in the archive");
            }
        }
        return output;
    }

    @Test
    void directoriesAndManifestClassPathsAreNotEligible(@TempDir Path dir) throws Exception {
        assertFalse(ClassDataArchive.eligible(classesOf(ChildProcess.class).toString(), List.of()));
        Path jar = dir.resolve("a.jar");
        writeJar(jar, List.of());
        assertTrue(ClassDataArchive.eligible(jar.toString(), List.of()));
        assertFalse(ClassDataArchive.eligible(jar.toString(), List.of("-Xshare:off")));
        assertFalse(ClassDataArchive.eligible(jar.toString(), List.of("-XX:SharedArchiveFile=/x.jsa")));
    }

    private static Path classesOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void writeJar(Path jar, List<Path> roots) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path root : roots) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
            }
        }
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedArchivesAndDropsDeadDumps(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            Path archive = Files.writeString(dir.resolve(archiveName(i)), "x"); // both formats share the cache
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(now - i * 60_000L));
        }
        Path deadDump = Files.writeString(dir.resolve("a99.jsa.123.tmp"), "x");
        Files.setLastModifiedTime(deadDump, java.nio.file.attribute.FileTime.fromMillis(now - TimeUnit.HOURS.toMillis(2)));
        Path liveDump = Files.writeString(dir.resolve("a98.jsa.124.tmp"), "x");
        ClassDataArchive.prune(dir, 16);
        for (int i = 0; i < 20; i++) {
            assertEquals(i < 16, Files.exists(dir.resolve(archiveName(i))), archiveName(i));
        }
        assertFalse(Files.exists(deadDump), "a dump its child never finished, hours ago");
        assertTrue(Files.exists(liveDump), "a dump that may still be running");
    }

    private static String archiveName(int i) {
        return "a" + i + (i % 2 == 0 ? ".jsa" : ".aot");
    }
}
