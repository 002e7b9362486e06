package dev.multiproc.internal.spawn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jars inside a jar, in the URL forms of Spring Boot style launchers, become files a child JVM can read. */
class NestedJarsTest {
    @TempDir
    Path dir;
    private String cacheDirBefore;

    @BeforeEach
    void ownCache() {
        cacheDirBefore = System.getProperty("multiproc.cacheDir");
        System.setProperty("multiproc.cacheDir", dir.resolve("cache").toString());
    }

    @AfterEach
    void restoreCache() {
        if (cacheDirBefore == null) {
            System.clearProperty("multiproc.cacheDir");
        } else {
            System.setProperty("multiproc.cacheDir", cacheDirBefore);
        }
    }

    @Test
    void bothNestedUrlFormsExtractTheSameBytesOnce() throws IOException {
        byte[] inner = {'P', 'K', 3, 4, 42, 43, 44};
        Path outer = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(outer); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/lib/multiproc-core.jar"));
            zip.write(inner);
            zip.closeEntry();
        }
        Path modern = NestedJars.extract("jar:nested:" + outer + "/!BOOT-INF/lib/multiproc-core.jar!/");
        Path classic = NestedJars.extract("jar:file:" + outer + "!/BOOT-INF/lib/multiproc-core.jar!/");
        assertEquals(modern, classic);
        assertArrayEquals(inner, Files.readAllBytes(modern));
        assertTrue(modern.startsWith(dir.resolve("cache").resolve("jars")), modern.toString());
        assertEquals("multiproc-core.jar", modern.getFileName().toString());
    }

    @Test
    void aPlainJarUrlIsItsFileAndADirectoryInAJarIsNothing() throws IOException {
        Path outer = dir.resolve("plain.jar");
        try (OutputStream file = Files.newOutputStream(outer); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/app/Main.class"));
            zip.closeEntry();
        }
        assertEquals(outer, NestedJars.extract("jar:file:" + outer + "!/"));
        assertNull(NestedJars.extract("jar:nested:" + outer + "/!BOOT-INF/classes/!/"));
        assertNull(NestedJars.extract("jar:nested:" + outer + "/!BOOT-INF/lib/missing.jar!/"));
    }
}
