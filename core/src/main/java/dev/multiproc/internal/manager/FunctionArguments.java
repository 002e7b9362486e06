package dev.multiproc.internal.manager;

import dev.multiproc.internal.codec.StandardCodec;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions that travel with {@code merge}, {@code compute} and their kin, encoded and decoded
 * once rather than on every call.
 *
 * <p>Why: decoding a serialized lambda runs its capturing class's {@code $deserializeLambda$}
 * through JDK serialization, measured at 100-200 us, ten times a round trip. A lambda whose
 * captures are all immutable values (the only kind {@link StandardCodec#encodeLambda} encodes)
 * can be shared, so the server keeps the decoded instance by its encoding; and a loop that
 * passes the same lambda instance (a non-capturing lambda is one instance per call site) encodes
 * it once per thread.
 */
final class FunctionArguments {
    /** Decoded functions are few (one per call site); past this many, start over. */
    private static final int MAX_DECODED = 512;
    private static final ConcurrentHashMap<ByteBuffer, Object> DECODED = new ConcurrentHashMap<>();
    private static final ThreadLocal<Object[]> LAST_ENCODED = ThreadLocal.withInitial(() -> new Object[2]);

    private FunctionArguments() {
    }

    /** The shareable encoding of {@code value} when it is such a lambda, else null. */
    static byte[] encodeOrNull(Object value) {
        if (value == null || !value.getClass().isSynthetic() || !(value instanceof Serializable)) {
            return null;
        }
        Object[] last = LAST_ENCODED.get();
        if (last[0] == value) {
            return (byte[]) last[1];
        }
        byte[] encoded = StandardCodec.INSTANCE.encodeLambda(value);
        if (encoded != null) {
            last[0] = value;
            last[1] = encoded;
        }
        return encoded;
    }

    /** The function encoded in {@code message[offset..offset+length)}, decoded once. */
    static Object decode(byte[] message, int offset, int length) {
        ByteBuffer key = ByteBuffer.wrap(message, offset, length).slice();
        Object known = DECODED.get(key);
        if (known != null) {
            return known;
        }
        Object decoded = StandardCodec.INSTANCE.decode(message, offset, length);
        if (DECODED.size() >= MAX_DECODED) {
            DECODED.clear();
        }
        byte[] copy = new byte[length];
        System.arraycopy(message, offset, copy, 0, length);
        DECODED.put(ByteBuffer.wrap(copy), decoded);
        return decoded;
    }
}
