package dev.multiproc.internal.spawn;

import dev.multiproc.ProcessStartException;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classpath a child JVM starts with when its context names none: where this library's own
 * classes actually are, then the rest of what the parent can see as files.
 *
 * <p>Why not only {@code java.class.path}: it is the classpath of the JVM's launcher, which is
 * not where the program's classes are in many ordinary launches. Under {@code mvn exec:java} it
 * holds Maven's boot jar and the program runs in a Maven class loader; a Kotlin script's
 * {@code @file:DependsOn} jars live in the script's loader; a modular application has its jars on
 * {@code jdk.module.path}; a Spring Boot style jar keeps libraries as jars inside the jar. In
 * each, a child started with {@code java.class.path} alone cannot even find its main class. So
 * the child's classpath is, in this order, without repeats:
 * <ol>
 *   <li>the jar or directory of this library's own classes (its code source), a jar nested in
 *       another jar extracted to a cache ({@link NestedJars});</li>
 *   <li>the jars and directories of the {@link URLClassLoader}s that loaded this library, up to
 *       the application loader: the rest of the program's libraries (Maven's project classpath,
 *       a script's dependencies), so that children load them locally;</li>
 *   <li>{@code java.class.path}, then {@code jdk.module.path} (modules run as plain jars in a
 *       child, which is never modular itself).</li>
 * </ol>
 * Anything else a task needs (a script's classes, a class generated in memory) the child gets
 * from its parent by remote class loading ({@link RemoteClassLoader}).
 *
 * <pre>{@code
 * String classpath = ChildClasspath.forChildren(null);  // what a default context's children get
 * }</pre>
 */
public final class ChildClasspath {
    private static volatile String computed;

    private ChildClasspath() {
    }

    /**
     * The classpath for children: {@code configured} when set (with this library's own location
     * added when it is missing, without which no child can start), else the computed default.
     *
     * @throws ProcessStartException when this library's classes are not in a file a child JVM
     *         could read and no classpath was configured
     */
    public static String forChildren(String configured) {
        if (configured == null) {
            String known = computed;
            if (known == null) {
                known = String.join(File.pathSeparator, defaultEntries());
                computed = known;
            }
            return known;
        }
        String own;
        try {
            own = libraryLocation();
        } catch (ProcessStartException unknown) {
            return configured; // the configured classpath may well hold it: the child will say if not
        }
        for (String entry : configured.split(File.pathSeparator)) {
            if (!entry.isEmpty() && samePath(entry, own)) {
                return configured;
            }
        }
        return own + File.pathSeparator + configured;
    }

    /** What a child prints when its classpath lacks this library, and what to do about it. */
    static String adviceFor(String childOutput) {
        boolean missing = childOutput.contains("Could not find or load main class " + ChildMain.class.getName())
                || childOutput.contains("NoClassDefFoundError: dev/multiproc/");
        if (!missing) {
            return "";
        }
        return "\nThe child JVM could not load multiproc's own classes from its classpath. Children start with the"
                + " jar or directory that holds multiproc-core (found: " + describeLocation() + ") and the parent's"
                + " classpath; give them one that holds multiproc-core with"
                + " MultiprocessingContext.builder().classpath(...), or start the program with multiproc-core's jar"
                + " on its classpath or module path.";
    }

    private static String describeLocation() {
        try {
            return libraryLocation();
        } catch (ProcessStartException e) {
            return "none";
        }
    }

    static List<String> defaultEntries() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(libraryLocation());
        ClassLoader system = ClassLoader.getSystemClassLoader();
        for (ClassLoader loader = ChildMain.class.getClassLoader(); loader != null && loader != system;
             loader = loader.getParent()) {
            if (loader instanceof URLClassLoader) {
                for (URL url : ((URLClassLoader) loader).getURLs()) {
                    String file = fileOf(url);
                    if (file != null) {
                        entries.add(file);
                    }
                }
            }
        }
        addPath(entries, System.getProperty("java.class.path"), false);
        addPath(entries, System.getProperty("jdk.module.path"), true);
        return List.copyOf(entries);
    }

    /**
     * The jar or directory holding this library's classes, as a path a child JVM can read.
     *
     * @throws ProcessStartException when they were loaded from something else (a URL of an
     *         unknown scheme, a loader that gives no code source)
     */
    static String libraryLocation() {
        CodeSource source = ChildMain.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        String file = location == null ? null : fileOf(location);
        if (file == null) {
            throw new ProcessStartException("cannot start child JVMs: multiproc-core's classes were loaded from "
                    + (location == null ? "a class loader that does not say where from" : location)
                    + ", which is not a jar or directory a child JVM can put on its classpath; give the children"
                    + " a classpath that holds multiproc-core with MultiprocessingContext.builder().classpath(...)");
        }
        return file;
    }

    /** A local path for a classpath URL: a file, a directory, or a jar nested in a jar (extracted); else null. */
    static String fileOf(URL url) {
        String protocol = url.getProtocol();
        if ("file".equals(protocol)) {
            try {
                return Path.of(url.toURI()).toAbsolutePath().normalize().toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }
        if ("jar".equals(protocol) || "nested".equals(protocol)) {
            Path extracted = NestedJars.extract(url.toString());
            return extracted == null ? null : extracted.toString();
        }
        return null;
    }

    /** Adds the entries of a path list; for a module path, a directory of modules adds each module in it. */
    private static void addPath(Set<String> entries, String path, boolean modulePath) {
        if (path == null || path.isEmpty()) {
            return;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (modulePath && Files.isDirectory(p) && !Files.exists(p.resolve("module-info.class"))) {
                entries.addAll(modulesIn(p));
            } else {
                entries.add(p.toAbsolutePath().normalize().toString());
            }
        }
    }

    private static List<String> modulesIn(Path directory) {
        List<String> modules = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                if (child.toString().endsWith(".jar") || Files.exists(child.resolve("module-info.class"))) {
                    modules.add(child.toAbsolutePath().normalize().toString());
                }
            }
        } catch (IOException unreadable) {
            // the JVM could not have loaded modules from it either
        }
        modules.sort(null);
        return modules;
    }

    private static boolean samePath(String a, String b) {
        try {
            return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
        } catch (RuntimeException invalid) {
            return false;
        }
    }
}
