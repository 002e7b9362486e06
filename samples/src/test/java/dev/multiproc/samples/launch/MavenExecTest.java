package dev.multiproc.samples.launch;

import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code mvn compile exec:java} on a one-class project that depends on multiproc-core: the program
 * runs in a Maven class loader, not on {@code java.class.path}, which holds only Maven's own boot
 * jar. Offline, against a throwaway local repository holding the jars of this build
 * ({@link Artifacts#localRepository}).
 */
class MavenExecTest {
    /** The build fetches this version for this test (samples/pom.xml). */
    private static final String EXEC_PLUGIN = "3.5.0";

    @TempDir
    Path scratch;

    @Test
    void execJava() throws Exception {
        Path mvn = Artifacts.maven();
        assertNotNull(mvn, "mvn is not on the PATH");
        Path settings = Artifacts.localRepository(scratch, Artifacts.jarOf(Pool.class, scratch), null);
        Path project = scratch.resolve("demo");
        UserProgram.writeSources(project.resolve("src/main/java"), false);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId>
                  <artifactId>demo</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>dev.multiproc</groupId>
                      <artifactId>multiproc-core</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.13.0</version>
                      </plugin>
                      <plugin>
                        <groupId>org.codehaus.mojo</groupId>
                        <artifactId>exec-maven-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <mainClass>app.Main</mainClass>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(Artifacts.VERSION, EXEC_PLUGIN));
        // offline, with this machine's local repository as the only remote (a file: URL, which
        // aether.offline.protocols lets an offline build read); the plugin by its coordinates, as
        // an offline build cannot look up the "exec" prefix
        UserProgram.run(project, Map.of(), List.of(mvn.toString(), "-B", "-q", "-o", "-Daether.offline.protocols=file",
                        "-Dstyle.color=never", "-s", settings.toString(),
                        "compile", "org.codehaus.mojo:exec-maven-plugin:" + EXEC_PLUGIN + ":java"))
                .assertPrinted(UserProgram.EXPECTED);
    }
}
