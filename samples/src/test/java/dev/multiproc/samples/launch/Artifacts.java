package dev.multiproc.samples.launch;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * The project's own artifacts as this build made them (the jar, or the classes directory of a
 * build that stopped before {@code package}, packed into a jar), and a throwaway Maven local
 * repository holding them, as {@code mvn install} would have laid them out.
 */
final class Artifacts {
    /** The version being built: the surefire configuration passes it. */
    static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    /** The repository's root: the tests run in the samples module's directory. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private Artifacts() {
    }

    /** The jar of the classes of {@code anchor}'s module (core: a Pool; the DSL: one of its classes). */
    static Path jarOf(Class<?> anchor, Path scratch) throws IOException {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isRegularFile(location)) {
            return location;
        }
        Path jar = scratch.resolve(anchor.getSimpleName().toLowerCase() + "-classes.jar");
        pack(jar, null, List.of(location));
        return jar;
    }

    /** Writes a jar of the files under each of {@code roots} (first one wins), with a {@code Main-Class} when given. */
    static void pack(Path jar, String mainClass, List<Path> roots) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        Set<String> written = new HashSet<>();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            written.add("META-INF/MANIFEST.MF");
            for (Path root : roots) {
                if (Files.isRegularFile(root)) {
                    copyJar(root, out, written);
                    continue;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        String name = root.relativize(f).toString().replace('\\', '/');
                        if (written.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(f, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes a Spring Boot executable jar as {@code spring-boot-maven-plugin}'s {@code repackage}
     * lays it out: the launcher's classes at the root, {@code classes} under
     * {@code BOOT-INF/classes/}, each of {@code libraries} stored (uncompressed, as Boot requires)
     * under {@code BOOT-INF/lib/}, and a manifest naming {@code JarLauncher} and the start class.
     */
    static void packBoot(Path jar, String startClass, Path classes, List<Path> libraries, Path loader) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Start-Class", startClass);
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        Set<String> written = new HashSet<>();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            written.add("META-INF/MANIFEST.MF");
            copyJar(loader, out, written);
            // Boot finds its class path by the directory entries, as the plugin writes them
            out.putNextEntry(new JarEntry("BOOT-INF/"));
            out.closeEntry();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String name = "BOOT-INF/classes/" + classes.relativize(f).toString().replace('\\', '/');
                    if (Files.isDirectory(f)) {
                        out.putNextEntry(new JarEntry(name.endsWith("/") ? name : name + "/"));
                    } else {
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(f, out);
                    }
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry("BOOT-INF/lib/"));
            out.closeEntry();
            for (Path library : libraries) {
                byte[] bytes = Files.readAllBytes(library);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                JarEntry entry = new JarEntry("BOOT-INF/lib/" + library.getFileName());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    private static void copyJar(Path source, JarOutputStream out, Set<String> written) throws IOException {
        try (JarFile in = new JarFile(source.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) in.stream()::iterator) {
                String name = entry.getName();
                if (entry.isDirectory() || name.startsWith("META-INF/") && !name.startsWith("META-INF/versions/")
                        || !written.add(name)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                in.getInputStream(entry).transferTo(out);
                out.closeEntry();
            }
        }
    }

    /**
     * A local repository under {@code scratch} with the parent POM, multiproc-core and, when
     * given, multiproc-dsl, and a settings file that makes it the local repository and serves
     * everything else (plugins, the Kotlin libraries) from this machine's own local repository:
     * nothing is downloaded, and nothing is written outside {@code scratch}.
     *
     * @return the settings file
     */
    static Path localRepository(Path scratch, Path coreJar, Path dslJar) throws IOException {
        Path repo = scratch.resolve("repository");
        install(repo, "multiproc-parent", ROOT.resolve("pom.xml"), null);
        install(repo, "multiproc-core", ROOT.resolve("core/pom.xml"), coreJar);
        if (dslJar != null) {
            install(repo, "multiproc-dsl", ROOT.resolve("dsl/pom.xml"), dslJar);
        }
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        String settings = """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>this-machine</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(repo, userRepo.toUri());
        Path file = scratch.resolve("settings.xml");
        Files.writeString(file, settings);
        return file;
    }

    private static void install(Path repo, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = repo.resolve("dev/multiproc").resolve(artifactId).resolve(VERSION);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"));
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"));
        }
    }

    /** The first {@code mvn} on the PATH, or null. */
    static Path maven() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path mvn = Path.of(dir, "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn;
            }
        }
        return null;
    }
}
