package dev.multiproc.samples.launch;

import dev.multiproc.dsl.ParallelScope;
import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code .main.kts} script that gets the library the usual way, {@code @file:DependsOn}, run by
 * the Kotlin compiler from Maven Central with nothing of this project on its classpath: the
 * library is in the script's dependency loader only. The dependency is resolved from a
 * throwaway local repository holding this build's jars ({@link Artifacts#localRepository}).
 */
class ScriptDependsOnTest {
    @TempDir
    Path scratch;

    @Test
    void dependsOnScript() throws Exception {
        Path settings = Artifacts.localRepository(scratch, Artifacts.jarOf(Pool.class, scratch),
                Artifacts.jarOf(ParallelScope.class, scratch));
        Path script = scratch.resolve("squares.main.kts");
        Files.writeString(script, """
                @file:DependsOn("dev.multiproc:multiproc-dsl:%s")
                @file:CompilerOptions("-jvm-target", "17")

                import dev.multiproc.dsl.map
                import dev.multiproc.dsl.parallel
                import kotlinx.coroutines.flow.toList
                import kotlinx.coroutines.runBlocking

                object Work {
                    fun square(x: Int) = x * x
                    fun parentPid() = ProcessHandle.current().parent().get().pid()
                }

                val self = ProcessHandle.current().pid()
                runBlocking {
                    parallel(processes = 2) {
                        println("squares " + map(listOf(1, 2, 3, 4)) { Work.square(it) }.toList())
                        val parents = map(listOf(1, 2), chunkSize = 1) { Work.parentPid() }.toList()
                        println("ran in a child of this process " + parents.map { it == self })
                    }
                }
                """.formatted(Artifacts.VERSION));
        String compiler = compilerClasspath();
        UserProgram.run(scratch, java.util.Map.of(), List.of(UserProgram.java(),
                        "-Dkotlin.main.kts.compiled.scripts.cache.dir=",
                        "-Dorg.jetbrains.kotlin.org.apache.maven.user-settings=" + settings,
                        "-cp", compiler, "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler",
                        "-no-stdlib", "-no-reflect", "-cp", compiler, "-script", script.toString()))
                .assertPrinted(UserProgram.EXPECTED);
    }

    /** The Kotlin compiler and script runner as Maven fetched them, without this project's jars or libraries. */
    private static String compilerClasspath() throws Exception {
        String all = Files.readString(Artifacts.ROOT.resolve("samples/target/script-classpath.txt")).strip();
        return Arrays.stream(all.split(File.pathSeparator))
                .filter(e -> !e.startsWith(Artifacts.ROOT.toString()) && !e.contains("/dev/multiproc/")
                        && !e.contains("kotlinx-serialization"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
