package dev.multiproc.internal.manager;

import dev.multiproc.manager.Namespace;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A typed view of a {@link Namespace}: {@code getX()}/{@code isX()} read attribute {@code x},
 * {@code setX(v)} sets it. Runs where it is called; every read and write is one call to the
 * namespace.
 */
public final class BeanView implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;
    private final Namespace namespace;

    private BeanView(Namespace namespace) {
        this.namespace = namespace;
    }

    public static <T> T of(Namespace namespace, Class<T> view) {
        if (!view.isInterface()) {
            throw new IllegalArgumentException(view.getName() + " is not an interface: a namespace view is an interface of"
                    + " getters and setters");
        }
        return view.cast(Proxy.newProxyInstance(view.getClassLoader(), new Class<?>[]{view}, new BeanView(namespace)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int arity = args == null ? 0 : args.length;
        if (method.getDeclaringClass() == Object.class) {
            switch (name) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "view of " + namespace;
            }
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (arity == 0 && name.startsWith("get") && name.length() > 3) {
            return namespace.get(attribute(name, 3));
        }
        if (arity == 0 && name.startsWith("is") && name.length() > 2) {
            return namespace.get(attribute(name, 2));
        }
        if (arity == 1 && name.startsWith("set") && name.length() > 3) {
            namespace.set(attribute(name, 3), args[0]);
            return null;
        }
        throw new UnsupportedOperationException(method + " is neither a getter nor a setter of a namespace attribute");
    }

    /** As the JavaBeans convention: {@code getName} reads "name", {@code getURL} reads "URL". */
    private static String attribute(String accessor, int prefix) {
        String rest = accessor.substring(prefix);
        if (rest.length() > 1 && Character.isUpperCase(rest.charAt(0)) && Character.isUpperCase(rest.charAt(1))) {
            return rest;
        }
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }
}
