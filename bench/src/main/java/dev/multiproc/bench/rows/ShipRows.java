package dev.multiproc.bench.rows;

import dev.multiproc.SerializableFunction;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.pool.Pool;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Code shipping: the latency of the first task a fresh worker runs when its class exists only in
 * the parent's memory (compiled at run time, as a Kotlin script's classes are) and the worker asks
 * the parent for it, next to the same task whose class is on the worker's classpath. No CPython
 * counterpart (CPython pickles functions by reference; only cloudpickle ships code).
 */
public final class ShipRows {
    /** The task of both rows: two classes, as a task and the helper it calls. */
    private static final String PACKAGE = "shipped";
    private static final Map<String, String> SOURCES = Map.of(
            PACKAGE + ".Polynomial", "package " + PACKAGE + ";\n"
                    + "public class Polynomial implements dev.multiproc.SerializableFunction<Integer, Long> {\n"
                    + "  public Long apply(Integer x) { return Horner.eval(new long[] {3, 0, 2, 1}, x); }\n"
                    + "}\n",
            PACKAGE + ".Horner", "package " + PACKAGE + ";\n"
                    + "final class Horner {\n"
                    + "  static long eval(long[] coefficients, long x) {\n"
                    + "    long v = 0;\n"
                    + "    for (long c : coefficients) { v = v * x + c; }\n"
                    + "    return v;\n"
                    + "  }\n"
                    + "}\n");

    private ShipRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("ship.firstcall", s -> "first apply on a ready Pool(1), task classes only in the parent's"
                        + " memory (served on request), median of " + s.reps() + " fresh pools", "ms", null,
                        Goal.reported(), s -> firstCall(s, inMemoryTask())),
                new SimpleRow("ship.firstcall.classpath", s -> "the same first apply, task classes on the worker's"
                        + " classpath, median of " + s.reps() + " fresh pools", "ms", null,
                        Goal.reported(), s -> firstCall(s, new Polynomial())));
    }

    /** The on-classpath twin of the compiled {@code shipped.Polynomial}. */
    static final class Polynomial implements SerializableFunction<Integer, Long> {
        @Override
        public Long apply(Integer x) {
            return Horner.eval(new long[] {3, 0, 2, 1}, x);
        }
    }

    static final class Horner {
        static long eval(long[] coefficients, long x) {
            long v = 0;
            for (long c : coefficients) {
                v = v * x + c;
            }
            return v;
        }
    }

    /** Milliseconds from apply() to its result, the worker JVM started and idle beforehand. */
    static double firstCall(Scale scale, SerializableFunction<Integer, Long> task) throws Exception {
        long expected = 3 * 8 + 2 * 2 + 1;  // 3x^3 + 2x + 1 at x = 2
        return Measure.median(scale, () -> {
            try (Pool pool = new Pool(1)) {
                if (!pool.awaitReady(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("Pool(1) worker did not start within 2 minutes");
                }
                long start = System.nanoTime();
                long result = pool.apply(task, 2);
                double millis = Measure.millisSince(start);
                if (result != expected) {
                    throw new IllegalStateException("wrong result " + result + ", expected " + expected);
                }
                return millis;
            }
        });
    }

    /** Compiles the task in memory with the JDK's compiler; its loader serves the class files, as Kotlin's script loader does. */
    @SuppressWarnings("unchecked")
    static SerializableFunction<Integer, Long> inMemoryTask() {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("ship.firstcall compiles its task at run time: run the bench with a JDK, not a JRE");
        }
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        var files = new ForwardingJavaFileManager<>(compiler.getStandardFileManager(null, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = SOURCES.entrySet().stream().<JavaFileObject>map(e -> new SimpleJavaFileObject(
                URI.create("mem:///" + e.getKey().replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return e.getValue();
            }
        }).toList();
        StringWriter errors = new StringWriter();
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "--release", "17");
        if (!compiler.getTask(errors, files, null, options, null, units).call()) {
            throw new IllegalStateException("cannot compile the ship.firstcall task:\n" + errors);
        }
        Map<String, byte[]> classes = new HashMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        try {
            return (SerializableFunction<Integer, Long>) new MemoryLoader(classes)
                    .loadClass(PACKAGE + ".Polynomial").getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defines the compiled classes and serves their class files as resources. */
    private static final class MemoryLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryLoader(Map<String, byte[]> classes) {
            super("ship-bench", ShipRows.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public InputStream getResourceAsStream(String path) {
            InputStream own = super.getResourceAsStream(path);
            if (own != null || !path.endsWith(".class")) {
                return own;
            }
            byte[] bytes = classes.get(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }
    }
}
