package dev.multiproc.internal.manager;

import dev.multiproc.RemoteException;
import dev.multiproc.manager.ManagerUnavailableException;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The proxy of any other served object: a {@link Proxy} of its interface whose calls go to the
 * server. Default methods run here, calling the interface's other methods remotely; equals and
 * hashCode compare the referent's identity; toString asks the server for the referent's.
 * Serializable as {@link Proxy} instances are: by their handler, this.
 */
public final class TypedProxy implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    private final ProxyRef ref;
    private final Class<?> type;

    private TypedProxy(ProxyRef ref, Class<?> type) {
        this.ref = ref;
        this.type = type;
    }

    /** A proxy implementing {@code type} for the object {@code ref}. */
    public static <T> T of(ProxyRef ref, Class<T> type) {
        MethodTable.of(type); // rejects a class or a non-public interface, with the reason
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, new TypedProxy(ref, type)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return args[0] != null && Proxy.isProxyClass(args[0].getClass())
                            && Proxy.getInvocationHandler(args[0]) instanceof TypedProxy
                            && ((TypedProxy) Proxy.getInvocationHandler(args[0])).ref.equals(ref);
                case "hashCode":
                    return ref.hashCode();
                default:
                    return remoteToString();
            }
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        try {
            MethodTable table = MethodTable.of(type);
            int index = table.indexOf(method);
            return table.waits(index) ? ref.callWaiting(index, args) : ref.call(index, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            for (Class<?> declared : method.getExceptionTypes()) {
                if (declared.isInstance(checked)) {
                    throw checked;
                }
            }
            throw new RemoteException(ref.describe() + "." + method.getName() + " threw " + checked,
                    checked.getClass().getName(), checked);
        }
    }

    private String remoteToString() {
        try {
            return (String) ref.call(MethodTable.TO_STRING);
        } catch (ManagerUnavailableException e) {
            return "<" + ref.describe() + ", unavailable>";
        } catch (Throwable e) {
            return "<" + ref.describe() + ">";
        }
    }

    /** The ref behind {@code proxy}, or null when it is not a typed proxy. */
    public static ProxyRef refOf(Object proxy) {
        if (proxy != null && Proxy.isProxyClass(proxy.getClass()) && Proxy.getInvocationHandler(proxy) instanceof TypedProxy) {
            return ((TypedProxy) Proxy.getInvocationHandler(proxy)).ref;
        }
        return null;
    }
}
