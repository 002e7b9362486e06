package dev.multiproc.internal.codec;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds the field path from an object to the part of its graph that cannot be serialized.
 *
 * <p>The JDK only says "NotSerializableException: com.acme.Foo"; a user who handed us a lambda
 * needs to know which captured variable or field pulled {@code Foo} in. This walks the graph the
 * way serialization would (fields of serializable classes, captured arguments of serializable
 * lambdas, elements of collections and arrays) and reports the first non-serializable object.
 */
final class SerializationDiagnostics {
    private static final int MAX_NODES = 100_000;

    private SerializationDiagnostics() {
    }

    static String explain(Object root, Exception failure) {
        String path = findPath(root);
        return path != null ? path : failure.getMessage() + " is not Serializable";
    }

    /** Returns "X is not Serializable, reached by A.f -> B.g", or null when not found. */
    static String findPath(Object root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(new Node(root, root.getClass().getSimpleName()));
        int visited = 0;
        while (!pending.isEmpty() && visited++ < MAX_NODES) {
            Node node = pending.pop();
            Object value = node.value;
            if (value == null || seen.put(value, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> type = value.getClass();
            if (type.isPrimitive() || value instanceof String || value instanceof Number || value instanceof Enum) {
                continue;
            }
            if (!(value instanceof Serializable) && !type.isArray()) {
                String hint = "";
                if (type.isSynthetic() || type.getName().contains("$$Lambda")) {
                    hint = " (a lambda is serializable only when its target type is, e.g. SerializableRunnable)";
                } else if (node.path.endsWith(" captured arg 0") && node.path.contains("lambda " + type.getName() + ".")) {
                    hint = " (the lambda captures 'this' of " + type.getSimpleName()
                            + ": copy the fields it uses into local variables, or make the method static)";
                }
                return type.getName() + " is not Serializable" + hint + ", reached by " + node.path;
            }
            children(node, pending);
        }
        return null;
    }

    private static void children(Node node, Deque<Node> pending) {
        Object value = node.value;
        Class<?> type = value.getClass();
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                for (int i = Array.getLength(value) - 1; i >= 0; i--) {
                    pending.push(new Node(Array.get(value, i), node.path + "[" + i + "]"));
                }
            }
            return;
        }
        SerializedLambda lambda = serializedLambda(value);
        if (lambda != null) {
            String name = "lambda " + lambda.getImplClass().replace('/', '.') + "." + lambda.getImplMethodName();
            for (int i = lambda.getCapturedArgCount() - 1; i >= 0; i--) {
                pending.push(new Node(lambda.getCapturedArg(i), node.path + " -> " + name + " captured arg " + i));
            }
            return;
        }
        if (value instanceof Collection && type.getName().startsWith("java.")) {
            int i = 0;
            for (Object element : (Collection<?>) value) {
                pending.push(new Node(element, node.path + "[" + i++ + "]"));
            }
            return;
        }
        if (value instanceof Map && type.getName().startsWith("java.")) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                pending.push(new Node(entry.getKey(), node.path + ".key(" + entry.getKey() + ")"));
                pending.push(new Node(entry.getValue(), node.path + "[" + entry.getKey() + "]"));
            }
            return;
        }
        for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int mods = field.getModifiers();
                if (Modifier.isStatic(mods) || Modifier.isTransient(mods) || field.getType().isPrimitive()) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    pending.push(new Node(field.get(value), node.path + " -> " + c.getSimpleName() + "." + field.getName()));
                } catch (RuntimeException | IllegalAccessException inaccessible) {
                    // a JDK-internal field: its class serializes itself, nothing to explain there
                }
            }
        }
    }

    /** The serialized form of a serializable lambda ({@code writeReplace}), or null for anything else. */
    static SerializedLambda serializedLambda(Object value) {
        if (!value.getClass().isSynthetic()) {
            return null;
        }
        try {
            Method writeReplace = value.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object replaced = writeReplace.invoke(value);
            return replaced instanceof SerializedLambda ? (SerializedLambda) replaced : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static final class Node {
        final Object value;
        final String path;

        Node(Object value, String path) {
            this.value = value;
            this.path = path;
        }
    }
}
