package dev.multiproc.internal.spawn;

import dev.multiproc.internal.codec.LoaderRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Where a parent finds the class file a child asks for, in this order: the loader of the class as
 * this process serialized it ({@link LoaderRegistry}: a script's or a generated class's loader),
 * the thread's context loader, the system loader, the other loaders this process has serialized
 * classes of (a script's lambda may need a class of the script never serialized itself), and, in
 * a child, its own parent process through its {@link RemoteClassLoader}.
 *
 * <p>Each loader is asked for the resource {@code a/b/C.class}, which in-memory loaders (Kotlin's
 * script loader, a compiler's) serve as well as jar and directory loaders. Runs only on a child's
 * control connection, which is authenticated before anything is read from it.
 *
 * <pre>{@code
 * ClassBytes answer = ClassSource.answer(new ClassRequest(1, "Wordfreq_main"));
 * }</pre>
 */
final class ClassSource {
    private ClassSource() {
    }

    static ClassBytes answer(ClassRequest request) {
        String name = request.name();
        String resource = name.replace('.', '/') + ".class";
        Set<ClassLoader> asked = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> searched = new ArrayList<>();
        String prefix = "process " + ProcessHandle.current().pid() + ": ";

        ClassLoader recorded = LoaderRegistry.loaderOf(name);
        if (recorded == null) {
            searched.add("the loader that serialized it (none recorded)");
        }
        List<ClassLoader> candidates = new ArrayList<>();
        candidates.add(recorded);
        candidates.add(Thread.currentThread().getContextClassLoader());
        candidates.add(ClassLoader.getSystemClassLoader());
        candidates.addAll(LoaderRegistry.loaders());
        RemoteClassLoader remote = RemoteClassLoader.current();
        for (ClassLoader loader : candidates) {
            if (loader == null || loader == remote || !asked.add(loader)) {
                continue;
            }
            byte[] bytes = read(loader, resource);
            if (bytes != null) {
                return new ClassBytes(request.id(), name, bytes, null);
            }
            searched.add(describe(loader));
        }
        if (remote != null) {
            try {
                ClassBytes further = remote.lookup(name);
                if (further.bytes() != null) {
                    return new ClassBytes(request.id(), name, further.bytes(), null);
                }
                return new ClassBytes(request.id(), name, null,
                        prefix + String.join(", ", searched) + "; then " + further.searched());
            } catch (ClassNotFoundException parentGone) {
                searched.add("its parent process (" + parentGone.getMessage() + ")");
            }
        }
        return new ClassBytes(request.id(), name, null, prefix + String.join(", ", searched));
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** "loader app (jdk.internal.loader.ClassLoaders$AppClassLoader)", or the class and identity of an unnamed loader. */
    static String describe(ClassLoader loader) {
        String type = loader.getClass().getName();
        String name = loader.getName();
        if (name == null) {
            name = "@" + Integer.toHexString(System.identityHashCode(loader));
        }
        return "loader " + name + " (" + type + ")";
    }
}
