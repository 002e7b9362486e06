package dev.multiproc.internal.spawn;

import java.lang.reflect.Modifier;
import java.nio.channels.spi.SelectorProvider;

/**
 * The JVM option that names this JVM's NIO selector provider to a child, so that the child does
 * not search its class path for one.
 *
 * <p>Why: a child's first socket asks {@link SelectorProvider#provider()} for the provider, and
 * without the {@code java.nio.channels.spi.SelectorProvider} property the JDK looks for a
 * service file in every jar of the class path. That opens each jar, and the JDK keeps an open
 * jar's whole central directory on the heap for the rest of the JVM's life: 2 MB in every child
 * of a fat jar of 16,000 entries, the bench's, whose worker classes all come from the class-data
 * archive, so that nothing else opens the jar (an idle {@code Pool(2)} worker's private memory
 * went from 16.0-16.8 to 13.6-14.0 MiB; docs/benchmarks.md, {@code mem.worker}). Named, the provider is
 * loaded as any other JDK class is, the child gets the provider it would have found, and it opens
 * only the jars it loads classes from.
 *
 * <p>Only the JDK's own provider is named, the one this JVM found because no jar installs
 * another: a provider installed by a jar the child still finds on its class path as before. The
 * option is left out when the child's options set the property themselves.
 */
final class SelectorProviderOption {
    static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";

    private SelectorProviderOption() {
    }

    /** The option to add to a child's {@code jvmOptions}, or null when they set the property or a jar installs the provider. */
    static String optionFor(Iterable<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.equals("-D" + PROPERTY) || option.startsWith("-D" + PROPERTY + "=")) {
                return null;
            }
        }
        Class<?> provider = SelectorProvider.provider().getClass();
        if (provider.getClassLoader() != null || !Modifier.isPublic(provider.getModifiers())) {
            return null;
        }
        try {
            provider.getConstructor(); // what the child's JDK calls to make it from the property
        } catch (NoSuchMethodException e) {
            return null;
        }
        return "-D" + PROPERTY + "=" + provider.getName();
    }
}
