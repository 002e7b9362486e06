package dev.multiproc.spi;

import dev.multiproc.SerializationException;
import dev.multiproc.internal.codec.StandardCodec;

/**
 * The engine's encoding of values, the one every message between processes uses: a raw form for
 * boxed primitives, strings and primitive arrays, a compact tree for the JDK's collections,
 * records and enums, JDK serialization for the rest (decoded behind the engine's serial filter).
 * For a front end that must check, where the user calls it, that a function or a value can travel,
 * and that ships it later as the bytes it checked.
 *
 * <pre>{@code
 * byte[] bytes = ValueCodec.encode(List.of(1, 2, 3));
 * List<?> copy = (List<?>) ValueCodec.decode(bytes);
 * }</pre>
 */
public final class ValueCodec {
    private ValueCodec() {
    }

    /**
     * Encodes {@code value} as the engine sends it.
     *
     * @param value any value the engine can send, or null
     * @return its encoding, a new array
     * @throws SerializationException when the value cannot travel; the message names the field path to the culprit
     */
    public static byte[] encode(Object value) {
        return StandardCodec.INSTANCE.encode(value);
    }

    /**
     * The compact encoding of a serializable lambda that captures only immutable values (or other
     * such lambdas), which a fresh JVM decodes without JDK serialization; null for anything else,
     * which {@link #encode} takes. {@link #decode} reads either.
     *
     * <pre>{@code
     * SerializableFunction<Integer, Integer> twice = x -> 2 * x;
     * byte[] bytes = ValueCodec.encodeLambda(twice);   // not null: captures nothing
     * }</pre>
     *
     * @param value a function object, or any other value
     * @return its compact encoding, or null when it is not such a lambda
     */
    public static byte[] encodeLambda(Object value) {
        return StandardCodec.INSTANCE.encodeLambda(value);
    }

    /**
     * Decodes what {@link #encode} made, resolving classes as the engine does in this process.
     *
     * @param bytes an encoding made by {@link #encode} (in this process or another)
     * @return the value
     * @throws SerializationException when the bytes are corrupt or name a class that cannot be resolved
     */
    public static Object decode(byte[] bytes) {
        return StandardCodec.INSTANCE.decode(bytes);
    }
}
