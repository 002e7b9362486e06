package dev.multiproc.internal.codec;

/**
 * Turns objects into bytes and back for every message that crosses a process boundary.
 *
 * <p>Decoding runs only on authenticated connections, after the HMAC handshake.
 */
public interface Codec {

    /** Encodes {@code value}; throws {@link dev.multiproc.SerializationException} naming what failed. */
    byte[] encode(Object value);

    /** Decodes one value from {@code length} bytes of {@code bytes} at {@code offset}. */
    Object decode(byte[] bytes, int offset, int length);

    default Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }
}
