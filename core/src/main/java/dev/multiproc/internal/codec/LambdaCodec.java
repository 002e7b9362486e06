package dev.multiproc.internal.codec;

import dev.multiproc.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A serializable lambda written as the fields of its {@link SerializedLambda}, without JDK
 * serialization, when everything it captures is an immutable value (null, a boxed primitive, a
 * {@code String}) or another such lambda: the common target of a {@code ChildProcess}.
 *
 * <p>Why: a fresh child JVM decodes its target before anything else, and the first
 * {@code ObjectInputStream} of a JVM initialises the serial-filter configuration (a logger lookup
 * that scans the classpath for logging back-ends, the security properties) and generates
 * serialization constructors: measured, 20-25 ms of a cold child's ~45 ms between {@code main}
 * and running its target. Reading the same fields and calling the capturing class's
 * {@code $deserializeLambda$}, as {@code SerializedLambda.readResolve} does, skips all of it. A
 * lambda that captures anything else goes through JDK serialization, which keeps object identity
 * across the graph; immutable values have none to keep.
 *
 * <pre>
 *   capturingClass (binary name), functionalInterfaceClass, functionalInterfaceMethodName,
 *   functionalInterfaceMethodSignature (UTF); implMethodKind (int); implClass, implMethodName,
 *   implMethodSignature, instantiatedMethodType (UTF); captured count (int), then for each
 *   captured value its StandardCodec encoding (int length + bytes; a nested lambda is tag LAMBDA)
 * </pre>
 */
final class LambdaCodec {
    /** Nested lambdas deeper than this go through JDK serialization (its depth limit is the backstop). */
    private static final int MAX_DEPTH = 16;

    private LambdaCodec() {
    }

    /** The encoding (without the codec's tag byte), or null when {@code value} needs JDK serialization. */
    static byte[] encodeOrNull(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            return write(value, out, 0) ? bytes.toByteArray() : null;
        } catch (IOException e) {
            return null; // not on a byte array
        }
    }

    private static boolean write(Object value, DataOutputStream out, int depth) throws IOException {
        SerializedLambda lambda = depth < MAX_DEPTH ? serializedForm(value) : null;
        if (lambda == null) {
            return false;
        }
        out.writeUTF(lambda.getCapturingClass().replace('/', '.'));
        out.writeUTF(lambda.getFunctionalInterfaceClass());
        out.writeUTF(lambda.getFunctionalInterfaceMethodName());
        out.writeUTF(lambda.getFunctionalInterfaceMethodSignature());
        out.writeInt(lambda.getImplMethodKind());
        out.writeUTF(lambda.getImplClass());
        out.writeUTF(lambda.getImplMethodName());
        out.writeUTF(lambda.getImplMethodSignature());
        out.writeUTF(lambda.getInstantiatedMethodType());
        int count = lambda.getCapturedArgCount();
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            Object arg = lambda.getCapturedArg(i);
            if (isImmutableValue(arg)) {
                byte[] encoded = StandardCodec.INSTANCE.encode(arg);
                out.writeInt(encoded.length);
                out.write(encoded);
            } else {
                ByteArrayOutputStream nested = new ByteArrayOutputStream(256);
                try (DataOutputStream nestedOut = new DataOutputStream(nested)) {
                    if (!write(arg, nestedOut, depth + 1)) {
                        return false;
                    }
                }
                out.writeInt(nested.size() + 1);
                out.write(StandardCodec.LAMBDA);
                nested.writeTo(out);
            }
        }
        return true;
    }

    private static boolean isImmutableValue(Object arg) {
        return arg == null || arg instanceof String || arg instanceof Integer || arg instanceof Long
                || arg instanceof Double || arg instanceof Boolean || arg instanceof Float || arg instanceof Short
                || arg instanceof Byte || arg instanceof Character;
    }

    /**
     * The lambda's serialized form, or null for anything else, or a lambda whose class this module
     * may not open up (a named module's lambda that JDK serialization would handle with its own rights).
     */
    private static SerializedLambda serializedForm(Object value) {
        if (!(value instanceof Serializable)) {
            return null;
        }
        Module ours = LambdaCodec.class.getModule();
        Module theirs = value.getClass().getModule();
        if (theirs.isNamed() && theirs != ours && !theirs.isOpen(value.getClass().getPackageName(), ours)) {
            return null;
        }
        SerializedLambda form = SerializationDiagnostics.serializedLambda(value);
        if (form != null) {
            LoaderRegistry.remember(value.getClass());
        }
        return form;
    }

    /** Rebuilds the lambda that {@link #encodeOrNull} wrote, through the codec's class resolver. */
    static Object decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            String capturingName = in.readUTF();
            Class<?> capturing = StandardCodec.classResolver().resolve(capturingName);
            String fiClass = in.readUTF();
            String fiMethod = in.readUTF();
            String fiSignature = in.readUTF();
            int implKind = in.readInt();
            String implClass = in.readUTF();
            String implMethod = in.readUTF();
            String implSignature = in.readUTF();
            String instantiated = in.readUTF();
            Object[] captured = new Object[in.readInt()];
            for (int i = 0; i < captured.length; i++) {
                byte[] arg = new byte[in.readInt()];
                in.readFully(arg);
                captured[i] = StandardCodec.INSTANCE.decode(arg);
            }
            SerializedLambda form = new SerializedLambda(capturing, fiClass, fiMethod, fiSignature, implKind,
                    implClass, implMethod, implSignature, instantiated, captured);
            return rebuild(capturing, form);
        } catch (ClassNotFoundException e) {
            String message = e.getMessage();
            boolean bareName = message != null && message.indexOf(' ') < 0;
            throw new SerializationException("cannot deserialize a lambda: " + (bareName ? "class " + message
                    + " is not available in process " + ProcessHandle.current().pid() : message), e);
        } catch (IOException e) {
            throw new SerializationException("cannot deserialize a lambda of " + length + " bytes: " + e, e);
        }
    }

    /** What {@code SerializedLambda.readResolve} does: the capturing class checks the form and makes the lambda. */
    private static Object rebuild(Class<?> capturing, SerializedLambda form) {
        try {
            Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
            return deserialize.invoke(null, form);
        } catch (InvocationTargetException e) {
            throw new SerializationException("cannot deserialize a lambda of " + capturing.getName() + ": "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SerializationException("cannot deserialize a lambda of " + capturing.getName() + ": " + e, e);
        }
    }
}
