package dev.multiproc.internal.codec;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loaders of the classes this process has serialized, by class name.
 *
 * <p>Why: a child that lacks a class asks its parent for the bytes, and the parent must know where
 * that class came from. Classes of a Kotlin script, a REPL or a generated class live in loaders
 * that neither the system loader nor the thread's context loader can reach; but whatever a child
 * needs was, in all but odd cases, serialized by its parent first (the task, its captures, its
 * arguments), so the encoder records each class's loader as it writes the class descriptor. Only
 * loaders other than the bootstrap, platform and system loaders are recorded: those are searched
 * anyway, and skipping them keeps the registry small.
 *
 * <p>Loaders are held weakly, so that recording a REPL's loader does not keep it alive.
 *
 * <pre>{@code
 * LoaderRegistry.remember(scriptLambda.getClass());
 * ClassLoader loader = LoaderRegistry.loaderOf(scriptLambda.getClass().getName());
 * }</pre>
 */
public final class LoaderRegistry {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();

    /** Computed once per class: the fast path of an encode is one ClassValue look-up. */
    private static final ClassValue<Boolean> SEEN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            record(type);
            return Boolean.TRUE;
        }
    };

    private static final Map<String, WeakReference<ClassLoader>> BY_NAME = new ConcurrentHashMap<>();
    private static final Map<ClassLoader, Boolean> LOADERS = Collections.synchronizedMap(new WeakHashMap<>());

    private LoaderRegistry() {
    }

    /** Records where {@code type} (and, for an array, its element type) came from. */
    public static void remember(Class<?> type) {
        SEEN.get(type);
    }

    private static void record(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        ClassLoader loader = element.getClassLoader();
        if (loader == null || loader == PLATFORM || loader == SYSTEM) {
            return;
        }
        BY_NAME.put(element.getName(), new WeakReference<>(loader));
        LOADERS.put(loader, Boolean.TRUE);
    }

    /** The loader of the class {@code binaryName} as it was serialized here, or null when none was recorded. */
    public static ClassLoader loaderOf(String binaryName) {
        WeakReference<ClassLoader> ref = BY_NAME.get(binaryName);
        return ref == null ? null : ref.get();
    }

    /** Every recorded loader still alive, for classes never serialized here but defined beside ones that were. */
    public static List<ClassLoader> loaders() {
        synchronized (LOADERS) {
            return new ArrayList<>(LOADERS.keySet());
        }
    }
}
