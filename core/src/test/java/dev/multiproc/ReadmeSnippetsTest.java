package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code java} block of the README is a whole program: it compiles as written against this
 * module, and runs (its children are served the program's classes by their parent). A block of
 * another module's API that is only a part of a program is fenced {@code java fragment}, and is
 * not compiled here.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public class (\\w+)");

    @TempDir
    Path dir;

    @Test
    void theReadmesJavaExamplesCompileAndRun() throws Exception {
        List<String> classes = new ArrayList<>();
        for (String source : javaBlocks()) {
            Matcher name = PUBLIC_CLASS.matcher(source);
            assertTrue(name.find(), "a README java block is not a whole program:\n" + source);
            classes.add(name.group(1));
            Files.writeString(dir.resolve(name.group(1) + ".java"), source);
        }
        assertTrue(classes.size() >= 2, "README java blocks found: " + classes);
        compile(classes);
        StringBuilder printed = new StringBuilder();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            for (String name : classes) {
                Method main = loader.loadClass(name).getMethod("main", String[].class);
                printed.append(runPrinting(main));
            }
        }
        // what the README's comments promise the main processes print
        for (String line : List.of("0", "42", "43", "not a number: For input string: \"two\"")) {
            assertTrue(printed.toString().lines().anyMatch(line::equals), "no line '" + line + "' in:\n" + printed);
        }
    }

    /** Runs {@code main}, returning what it printed on System.out (and printing it too). */
    private static String runPrinting(Method main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    static List<String> javaBlocks() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private void compile(List<String> classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror",
                "-classpath", System.getProperty("java.class.path"), "-d", dir.toString()));
        classes.forEach(name -> arguments.add(dir.resolve(name + ".java").toString()));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, arguments.toArray(new String[0]));
        String diagnostics = errors.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, "the README's java examples do not compile:\n" + diagnostics);
        assertFalse(diagnostics.contains("warning"), diagnostics);
    }
}
