package dev.multiproc.internal.codec;

import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * How a record class travels as a value tree: its components' accessors and its canonical
 * constructor, looked up once per class.
 *
 * <p>Only records that JDK serialization would send the same way take this form: serializable,
 * without {@code writeReplace} or {@code readResolve}. JDK serialization rebuilds a record through
 * its canonical constructor too, so the constructor's checks run on the receiving side exactly as
 * they would there, and no object is made that could not have been made by deserializing it.
 */
final class RecordShape {
    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return build(type);
        }
    };

    /** Every shape that cannot be built: the class goes through JDK serialization. */
    private static final RecordShape NONE = new RecordShape(null, null);

    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    private RecordShape(MethodHandle[] accessors, MethodHandle constructor) {
        this.accessors = accessors;
        this.constructor = constructor;
    }

    /** The shape of {@code type}, or null when it is not a record that may travel as a tree. */
    static RecordShape of(Class<?> type) {
        RecordShape shape = SHAPES.get(type);
        return shape == NONE ? null : shape;
    }

    int size() {
        return accessors.length;
    }

    Object component(Object record, int index) throws Throwable {
        return (Object) accessors[index].invokeExact(record);
    }

    Object construct(Object[] components) throws Throwable {
        return (Object) constructor.invokeExact(components);
    }

    private static RecordShape build(Class<?> type) {
        if (!type.isRecord() || !Serializable.class.isAssignableFrom(type)
                || declares(type, "writeReplace") || declares(type, "readResolve")) {
            return NONE;
        }
        try {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] accessors = new MethodHandle[components.length];
            Class<?>[] types = new Class<?>[components.length];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
                types[i] = components[i].getType();
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            MethodHandle constructor = lookup.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, types.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordShape(accessors, constructor);
        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
            // a record of a named module not open to us: JDK serialization has its own rights
            return NONE;
        }
    }

    /** Whether {@code type} declares a serialization hook method with no parameters. */
    private static boolean declares(Class<?> type, String method) {
        try {
            type.getDeclaredMethod(method);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
