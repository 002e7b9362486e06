package dev.multiproc.internal.spawn;

import dev.multiproc.internal.codec.ClassResolver;
import dev.multiproc.internal.codec.StandardCodec;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A child's loader of last resort: a class that is not on the child's classpath is asked of the
 * parent process, which finds its bytes where it found the class (a Kotlin script's in-memory
 * loader, a generated class's loader, its own classpath) and, in a child of a child, asks its own
 * parent in turn.
 *
 * <p>Parent-first like every loader: the application class loader (the child's classpath) is
 * tried before the parent process, so a class the child has is never fetched. A fetched class is
 * defined here, so the classes it refers to (a lambda's capturing class, a script's other
 * classes) load through here too. Class files fetched are kept, so that this process can serve
 * them to its own children ({@link #getResourceAsStream}, {@link ClassSource}).
 *
 * <pre>{@code
 * // in a child JVM, for a class of the parent's Kotlin script:
 * Class<?> task = Class.forName("Wordfreq_main", false, RemoteClassLoader.current());
 * }</pre>
 */
final class RemoteClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static volatile RemoteClassLoader current;

    private final ParentLink link;
    private final Map<String, byte[]> fetched = new ConcurrentHashMap<>();

    private RemoteClassLoader(ParentLink link, ClassLoader parent) {
        super("multiproc-remote", parent);
        this.link = link;
    }

    /** This child's loader, or null in the root process (which has no parent to ask). */
    static RemoteClassLoader current() {
        return current;
    }

    /**
     * Creates this child's loader over {@code link} and makes every decode and the calling thread
     * (and the threads it starts) resolve through it.
     */
    static RemoteClassLoader install(ParentLink link) {
        RemoteClassLoader loader = new RemoteClassLoader(link, ChildMain.class.getClassLoader());
        current = loader;
        StandardCodec.setClassResolver(loader.resolver());
        Thread.currentThread().setContextClassLoader(loader);
        return loader;
    }

    private ClassResolver resolver() {
        return new ContextFirst();
    }

    /**
     * A thread's own context loader first (user code may have set one), then this loader. A class,
     * not a lambda: see ChildMain on lambdas early in a child.
     */
    private final class ContextFirst implements ClassResolver {
        @Override
        public Class<?> resolve(String name) throws ClassNotFoundException {
            ClassLoader app = getParent();
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null && context != RemoteClassLoader.this && context != app) {
                try {
                    return Class.forName(name, false, context);
                } catch (ClassNotFoundException ignored) {
                    // then the classpath and the parent process
                }
            }
            return Class.forName(name, false, RemoteClassLoader.this);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith("java.")) {
            throw new ClassNotFoundException(name); // only the JDK defines these; the parent has nothing to add
        }
        ClassBytes answer = lookup(name);
        byte[] bytes = answer.bytes();
        if (bytes == null) {
            throw new ClassNotFoundException("class " + name + " is not available in process "
                    + ProcessHandle.current().pid() + ", which looked in its class path (" + getParent().getName()
                    + " loader) and asked its parent process " + link.parentPid() + ", which looked in: "
                    + answer.searched());
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** The class file of {@code name}: one fetched before, or the parent's answer (bytes null: not found). */
    ClassBytes lookup(String name) throws ClassNotFoundException {
        byte[] known = fetched.get(name);
        if (known != null) {
            return new ClassBytes(0, name, known, null);
        }
        ClassBytes answer = link.fetch(name);
        if (answer.bytes() != null) {
            fetched.put(name, answer.bytes());
        }
        return answer;
    }

    /** Also the class files this loader fetched, or can fetch, as resources: tools that read bytecode find them. */
    @Override
    public InputStream getResourceAsStream(String path) {
        InputStream local = super.getResourceAsStream(path);
        if (local != null || !path.endsWith(".class") || path.startsWith("java/")) {
            return local;
        }
        try {
            byte[] bytes = lookup(path.substring(0, path.length() - ".class".length()).replace('/', '.')).bytes();
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        } catch (ClassNotFoundException parentGone) {
            return null;
        }
    }
}
