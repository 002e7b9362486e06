package dev.multiproc.internal.codec;

/**
 * Finds the class named in a serialized stream.
 *
 * <p>A hook, so that a child JVM can ask its parent for the bytes of a class it lacks (classes of a
 * Kotlin script, generated classes): the child installs one that falls back to a loader that asks
 * its parent process. The default resolves through the thread's context class loader, then the
 * loader that loaded multiproc, then the loaders of classes this process has serialized (so that a
 * result of a script's class, sent back by a child, resolves in the script's loader).
 *
 * <pre>{@code
 * StandardCodec.setClassResolver(name -> Class.forName(name, false, myLoader));
 * }</pre>
 */
@FunctionalInterface
public interface ClassResolver {

    Class<?> resolve(String binaryName) throws ClassNotFoundException;

    /** The default: context class loader first, then multiproc's own loader, then the recorded loaders. */
    static ClassResolver standard() {
        return name -> {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                try {
                    return Class.forName(name, false, context);
                } catch (ClassNotFoundException ignored) {
                    // fall through to our own loader
                }
            }
            try {
                return Class.forName(name, false, ClassResolver.class.getClassLoader());
            } catch (ClassNotFoundException notOurs) {
                return recorded(name, notOurs);
            }
        };
    }

    /** Resolves {@code name} through the loaders {@link LoaderRegistry} has seen, or rethrows {@code failure}. */
    private static Class<?> recorded(String name, ClassNotFoundException failure) throws ClassNotFoundException {
        ClassLoader exact = LoaderRegistry.loaderOf(name);
        if (exact != null) {
            return Class.forName(name, false, exact);
        }
        for (ClassLoader loader : LoaderRegistry.loaders()) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException ignored) {
                // try the next
            }
        }
        throw failure;
    }
}
