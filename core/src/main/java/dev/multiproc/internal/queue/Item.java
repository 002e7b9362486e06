package dev.multiproc.internal.queue;

import dev.multiproc.internal.codec.StandardCodec;

/**
 * One queued value in the form it travels and rests in: the codec's bytes, or for a large
 * {@code byte[]} the array itself ({@code raw}).
 *
 * <p>Why raw: a 1 GiB {@code byte[]} through the codec would be copied once to add the type tag
 * and once more to strip it; as a raw item it is written from the caller's array straight into
 * the socket and read into the very array the consumer gets back.
 *
 * @param bytes the encoded value, or the value itself when {@code raw}
 * @param raw   true when {@code bytes} is the {@code byte[]} value
 */
public record Item(byte[] bytes, boolean raw) {
    /** From this size on, an item travels in a frame of its own instead of inside a batch. */
    public static final int LARGE = 64 * 1024;

    /**
     * Encodes {@code value} now, in the caller, so that a value that cannot be serialized fails
     * the {@code put} that offered it.
     *
     * @param mayShare true when the item is fully sent before the caller's put returns, so a large
     *                 {@code byte[]} need not be copied (the caller cannot change it in flight)
     */
    public static Item encode(Object value, boolean mayShare) {
        if (value instanceof byte[] && ((byte[]) value).length >= LARGE) {
            byte[] array = (byte[]) value;
            return new Item(mayShare ? array : array.clone(), true);
        }
        return new Item(StandardCodec.INSTANCE.encode(value), false);
    }

    public Object decode() {
        return raw ? bytes : StandardCodec.INSTANCE.decode(bytes);
    }

    public int length() {
        return bytes.length;
    }

    /** True when the item travels in its own frame after the message that announces it. */
    public boolean separate() {
        return bytes.length >= LARGE;
    }
}
