package dev.multiproc.internal.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;

/**
 * An {@link ObjectInputStream} that resolves classes through a {@link ClassResolver} and a filter,
 * and refuses collections whose hashing would never end ({@link HashingWork}).
 */
final class ResolvingObjectInputStream extends ObjectInputStream {
    private final ClassResolver resolver;
    private final HashingWork hashingWork = new HashingWork();

    ResolvingObjectInputStream(InputStream in, ClassResolver resolver, ObjectInputFilter filter) throws IOException {
        super(in);
        this.resolver = resolver;
        setObjectInputFilter(filter);
        enableResolveObject(true);
    }

    /** Called as each object is complete, before the collection that holds it hashes it. */
    @Override
    protected Object resolveObject(Object object) throws IOException {
        hashingWork.completed(object);
        return object;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        String name = desc.getName();
        Class<?> primitive = Primitives.byName(name);
        return primitive != null ? primitive : resolver.resolve(name);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
        Class<?>[] resolved = new Class<?>[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            resolved[i] = resolver.resolve(interfaces[i]);
        }
        ClassLoader loader = resolved.length > 0 ? resolved[0].getClassLoader() : getClass().getClassLoader();
        @SuppressWarnings("deprecation")
        Class<?> proxy = Proxy.getProxyClass(loader, resolved);
        return proxy;
    }

    /** Primitive type names, which {@code Class.forName} does not resolve. */
    private static final class Primitives {
        static Class<?> byName(String name) {
            switch (name) {
                case "int": return int.class;
                case "long": return long.class;
                case "double": return double.class;
                case "float": return float.class;
                case "short": return short.class;
                case "byte": return byte.class;
                case "char": return char.class;
                case "boolean": return boolean.class;
                case "void": return void.class;
                default: return null;
            }
        }
    }
}
