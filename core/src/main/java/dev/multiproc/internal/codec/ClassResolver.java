package dev.multiproc.internal.codec;

/**
 * Finds the class named in a serialized stream.
 *
 * <p>A hook so that a child can, later, ask its parent for the bytes of a class it lacks (classes of
 * a Kotlin script, generated classes). The default resolves through the thread's context class
 * loader, then the loader that loaded multiproc.
 */
@FunctionalInterface
public interface ClassResolver {

    Class<?> resolve(String binaryName) throws ClassNotFoundException;

    /** The default: context class loader first, then multiproc's own loader. */
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
            return Class.forName(name, false, ClassResolver.class.getClassLoader());
        };
    }
}
