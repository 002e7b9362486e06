package dev.multiproc.internal.codec;

import java.io.Serializable;
import java.lang.annotation.Annotation;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
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
                } else if (node.capturedBy != null) {
                    hint = captureHint(type, node);
                }
                return type.getName() + " is not Serializable" + hint + ", reached by " + node.path;
            }
            children(node, pending);
        }
        return null;
    }

    /**
     * Why a lambda captured an instance of {@code type}, and what to do: a Kotlin script's
     * instance (a script-level fun or val used in the lambda) or {@code this} of a class, with the
     * members whose use made the compiler capture it, read from the lambda's bytecode.
     */
    private static String captureHint(Class<?> type, Node node) {
        SerializedLambda lambda = node.capturedBy;
        List<String> uses = MemberUses.of(node.lambdaLoader, lambda.getImplClass(), lambda.getImplMethodName(),
                lambda.getImplMethodSignature(), type);
        String because = uses.isEmpty() ? "" : " because it " + String.join(", ", uses);
        if (isKotlinScript(type)) {
            return " (the lambda captures the instance of the script " + type.getSimpleName() + because
                    + ": a script-level fun or val belongs to the script instance, which cannot be sent to another"
                    + " process; put the functions and values the task uses in an object, e.g."
                    + " object Work { fun f(x: Int) = ... }, and call Work.f(x) in the task)";
        }
        // 'this' is captured only by a lambda whose body is a method of that same class; a captured
        // local of another class (a Thread, say) is a value the user chose, not an accident of 'this'
        boolean ownMethod = lambda.getImplClass().equals(type.getName().replace('.', '/'));
        if (ownMethod) {
            return " (the lambda captures 'this' of " + type.getSimpleName() + because
                    + ": copy the fields it uses into local variables, or make the method static)";
        }
        return "";
    }

    /** A Kotlin script's class: its base class is annotated {@code @KotlinScript} (or is a legacy script template). */
    private static boolean isKotlinScript(Class<?> type) {
        for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getName().startsWith("kotlin.script.templates.")) {
                return true;
            }
            for (Annotation annotation : c.getAnnotations()) {
                if (annotation.annotationType().getName().equals("kotlin.script.experimental.annotations.KotlinScript")) {
                    return true;
                }
            }
        }
        return false;
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
                pending.push(new Node(lambda.getCapturedArg(i), node.path + " -> " + name + " captured arg " + i,
                        lambda, type.getClassLoader()));
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

        /** The lambda that captured this value, and its class's loader; null when not reached as a captured value. */
        final SerializedLambda capturedBy;
        final ClassLoader lambdaLoader;

        Node(Object value, String path) {
            this(value, path, null, null);
        }

        Node(Object value, String path, SerializedLambda capturedBy, ClassLoader lambdaLoader) {
            this.value = value;
            this.path = path;
            this.capturedBy = capturedBy;
            this.lambdaLoader = lambdaLoader;
        }
    }
}
