package dev.multiproc.samples.launch;

import dev.multiproc.pool.Pool;
import org.springframework.boot.loader.launch.JarLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A program using a {@code Pool}, started with the {@code java} launcher in each way a user
 * starts one; its tasks must run in child JVMs every time. See also {@link MavenExecTest} and
 * {@link ScriptDependsOnTest}.
 */
class LaunchModesTest {
    @TempDir
    Path scratch;

    @Test
    void plainClasspath() throws Exception {
        Path core = Artifacts.jarOf(Pool.class, scratch);
        Path classes = compiled(false, "-cp", core.toString());
        UserProgram.run(scratch, Map.of(), List.of(UserProgram.java(), "-cp", classes + File.pathSeparator + core, "app.Main"))
                .assertPrinted(UserProgram.EXPECTED);
    }

    @Test
    void fatJar() throws Exception {
        Path core = Artifacts.jarOf(Pool.class, scratch);
        Path classes = compiled(false, "-cp", core.toString());
        Path fat = scratch.resolve("app-all.jar");
        Artifacts.pack(fat, "app.Main", List.of(classes, core));
        UserProgram.run(scratch, Map.of(), List.of(UserProgram.java(), "-jar", fat.toString()))
                .assertPrinted(UserProgram.EXPECTED);
    }

    /** {@code requires multiproc.core}: the library is the named module, the children run it from its jar. */
    @Test
    void modulePath() throws Exception {
        Path core = Artifacts.jarOf(Pool.class, scratch);
        Path classes = compiled(true, "--module-path", core.toString());
        UserProgram.run(scratch, Map.of(), List.of(UserProgram.java(), "--module-path", core + File.pathSeparator + classes,
                        "--module", "demo.app/app.Main"))
                .assertPrinted(UserProgram.EXPECTED);
    }

    /**
     * A Spring Boot executable jar: the application's classes under {@code BOOT-INF/classes/}, the
     * library as a nested jar under {@code BOOT-INF/lib/}, started by Boot's {@code JarLauncher},
     * whose class loader reads the nested jar in place (no JVM can put it on a classpath).
     */
    @Test
    void springBootExecutableJar() throws Exception {
        Path core = Artifacts.jarOf(Pool.class, scratch);
        Path classes = compiled(false, "-cp", core.toString());
        Path boot = scratch.resolve("app-boot.jar");
        Artifacts.packBoot(boot, "app.Main", classes, List.of(core), Artifacts.jarOf(JarLauncher.class, scratch));
        UserProgram.run(scratch, Map.of(), List.of(UserProgram.java(), "-jar", boot.toString()))
                .assertPrinted(UserProgram.EXPECTED);
    }

    private Path compiled(boolean modular, String... options) throws Exception {
        Path sources = scratch.resolve("src");
        UserProgram.writeSources(sources, modular);
        Path classes = scratch.resolve("classes");
        UserProgram.compile(sources, classes, options);
        return classes;
    }
}
