package dev.multiproc.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A member's loader of last resort, for the class files of drivers' code: the context class loader
 * of every thread of a member, so that when one of the member's child JVMs asks for a class the
 * member lacks, the member's process server, which looks in its context loader, finds it here.
 *
 * <p>It serves class files as resources only ({@link #getResourceAsStream}) and defines nothing:
 * user code runs in the child JVMs, never in the member. Which session's driver to ask: the
 * sessions open on this member, most recently active first (one in the usual case).
 */
public final class DriverClasses extends ClassLoader {
    private final Supplier<Iterable<SessionClasses>> sessions;

    DriverClasses(Supplier<Iterable<SessionClasses>> sessions) {
        super("multiproc-driver-classes", ClassLoader.getSystemClassLoader());
        this.sessions = sessions;
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        InputStream local = super.getResourceAsStream(path);
        if (local != null || !path.endsWith(".class") || path.startsWith("java/")) {
            return local;
        }
        String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
        for (SessionClasses session : sessions.get()) {
            try {
                return new ByteArrayInputStream(session.classFile(name));
            } catch (ClassNotFoundException notThisDriver) {
                // the next session's driver may have it
            }
        }
        return null;
    }
}
