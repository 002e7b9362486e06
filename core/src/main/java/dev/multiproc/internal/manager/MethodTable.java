package dev.multiproc.internal.manager;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The methods a served object exposes: the instance methods of its interface, in an order both
 * ends compute alike (name, then descriptor), so a call names its method by an index on the wire.
 *
 * <p>Why an index and not a name: Java overloads ({@code List.remove(int)} and
 * {@code remove(Object)}) make a name ambiguous, and a descriptor is sixty bytes on every call.
 * Both ends load the same interface, so the same index means the same method.
 */
public final class MethodTable {
    /** The method index that asks for the referent's {@code toString()}, which no interface declares. */
    public static final int TO_STRING = -1;

    private static final ConcurrentHashMap<Class<?>, MethodTable> TABLES = new ConcurrentHashMap<>();

    private final Class<?> type;
    private final Method[] methods;
    private final String[] keys;
    /** Per method: whether it declares {@code InterruptedException}, so its call can wait on the server. */
    private final boolean[] waits;

    private MethodTable(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface: a proxy forwards an interface's methods");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is not public: the manager calls its methods from another package");
        }
        this.type = type;
        // one method per signature, even when two super-interfaces declare it
        TreeMap<String, Method> bySignature = new TreeMap<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                bySignature.putIfAbsent(key(m), m);
            }
        }
        this.methods = bySignature.values().toArray(new Method[0]);
        this.keys = bySignature.keySet().toArray(new String[0]);
        this.waits = new boolean[methods.length];
        for (int i = 0; i < methods.length; i++) {
            waits[i] = Arrays.asList(methods[i].getExceptionTypes()).contains(InterruptedException.class);
        }
    }

    /** The table of {@code type}, a public interface. */
    public static MethodTable of(Class<?> type) {
        return TABLES.computeIfAbsent(type, MethodTable::new);
    }

    private static String key(Method m) {
        return m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    public Class<?> type() {
        return type;
    }

    /** The index of {@code m}, a method of this interface or of one it extends. */
    public int indexOf(Method m) {
        int i = Arrays.binarySearch(keys, key(m));
        if (i < 0) {
            throw new IllegalArgumentException(m + " is not a method of " + type.getName());
        }
        return i;
    }

    /** The index of the method named {@code name} taking {@code parameterTypes}. */
    public int indexOf(String name, Class<?>... parameterTypes) {
        try {
            return indexOf(type.getMethod(name, parameterTypes));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no method " + name + Arrays.toString(parameterTypes), e);
        }
    }

    /**
     * Whether the method at {@code index} may wait on the server (it declares
     * {@code InterruptedException}: a queue's take, a lock's lockInterruptibly, an event's await).
     * Such a call can be cancelled while it waits; see {@link WaitingCall}.
     */
    public boolean waits(int index) {
        return index >= 0 && index < waits.length && waits[index];
    }

    /**
     * The method at {@code index}.
     *
     * @throws IllegalArgumentException for an index out of the table (a peer with another version
     *                                  of the interface)
     */
    public Method method(int index) {
        if (index < 0 || index >= methods.length) {
            throw new IllegalArgumentException("no method #" + index + " in " + type.getName() + " (" + methods.length
                    + " methods): do both processes load the same version of it?");
        }
        return methods[index];
    }
}
