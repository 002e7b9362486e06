package dev.multiproc.internal.manager;

import dev.multiproc.RemoteException;
import dev.multiproc.manager.ManagerUnavailableException;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;

/**
 * The proxy of any other served object: a {@link Proxy} of its interface whose calls go to the
 * server. Default methods run here, calling the interface's other methods remotely; equals and
 * hashCode compare the referent's identity; toString asks the server for the referent's. A
 * queue's {@code drainTo}, which fills in its argument, runs here too, as a series of polls.
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
        if (proxy instanceof BlockingQueue && method.getName().equals("drainTo")) {
            // the collection is filled in by the call: on the server it would be a copy, and the
            // items drained into it lost
            return drainHere((BlockingQueue<?>) proxy, (Collection<?>) args[0], args.length > 1 ? (Integer) args[1] : Integer.MAX_VALUE);
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

    /** {@link BlockingQueue#drainTo}, in the caller: one atomic {@code poll} on the server per item. */
    @SuppressWarnings("unchecked")
    private static int drainHere(BlockingQueue<?> queue, Collection<?> into, int most) {
        if (into == queue) {
            throw new IllegalArgumentException("a queue cannot be drained into itself");
        }
        int drained = 0;
        Object item;
        while (drained < most && (item = queue.poll()) != null) {
            ((Collection<Object>) into).add(item);
            drained++;
        }
        return drained;
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
