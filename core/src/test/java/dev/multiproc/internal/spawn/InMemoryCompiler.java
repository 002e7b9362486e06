package dev.multiproc.internal.spawn;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles Java source in memory with the JDK's compiler: classes that exist nowhere on disk, as a
 * script engine or a code generator makes them.
 */
final class InMemoryCompiler {
    private InMemoryCompiler() {
    }

    /** Class files by binary name, compiled against this JVM's classpath. */
    static Map<String, byte[]> compile(Map<String, String> sourcesByClassName) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, null);
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        outputs.put(className, out);
                        return out;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sourcesByClassName.forEach((name, source) -> units.add(
                new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                }));
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "--release", "17");
        if (!compiler.getTask(diagnostics, manager, null, options, null, units).call()) {
            throw new IllegalStateException("cannot compile the test's generated classes:\n" + diagnostics);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }

    /** Defines classes from memory; serves their class files as resources when {@code servesBytes}. */
    static final class MemoryLoader extends ClassLoader {
        private final Map<String, byte[]> classes;
        private final boolean servesBytes;

        MemoryLoader(String name, Map<String, byte[]> classes, boolean servesBytes) {
            super(name, InMemoryCompiler.class.getClassLoader());
            this.classes = classes;
            this.servesBytes = servesBytes;
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
            if (own != null || !servesBytes || !path.endsWith(".class")) {
                return own;
            }
            byte[] bytes = classes.get(path.substring(0, path.length() - 6).replace('/', '.'));
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }
    }
}
