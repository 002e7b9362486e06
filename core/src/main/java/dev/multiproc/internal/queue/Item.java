package dev.multiproc.internal.queue;

import dev.multiproc.internal.codec.StandardCodec;

/**
 * One queued value in the form it travels and rests in: the codec's bytes, for a large
 * {@code byte[]} the array itself ({@code raw}), or a reference to a block of a {@link Slab}
 * that holds one of those.
 *
 * <p>Why raw: a 1 GiB {@code byte[]} through the codec would be copied once to add the type tag
 * and once more to strip it; as a raw item it is written from the caller's array straight into
 * the socket and read into the very array the consumer gets back.
 *
 * <p>Why slab references: a producer's large items are written once into shared memory and only
 * a 21-byte record goes through the owner's sockets; the process that finally takes the item
 * copies it out of its own mapping of the slab.
 */
public final class Item {
    /** From this size on, an item travels in a frame of its own instead of inside a batch. */
    public static final int LARGE = 64 * 1024;
    /** Bytes a slab reference takes in a record after the header: slab id, offset, sequence. */
    static final int REFERENCE = 16;

    private final byte[] bytes;
    private final boolean raw;
    private final Slab slab;
    private final int offset;
    private final long seq;
    private final int length;

    /**
     * @param bytes the encoded value, or the value itself when {@code raw}
     * @param raw   true when {@code bytes} is the {@code byte[]} value
     */
    public Item(byte[] bytes, boolean raw) {
        this.bytes = bytes;
        this.raw = raw;
        this.slab = null;
        this.offset = 0;
        this.seq = 0;
        this.length = bytes.length;
    }

    private Item(Slab slab, int offset, long seq, int length, boolean raw) {
        this.bytes = null;
        this.raw = raw;
        this.slab = slab;
        this.offset = offset;
        this.seq = seq;
        this.length = length;
    }

    /** A reference to item {@code seq}, {@code length} bytes in the block at {@code offset} of {@code slab}. */
    static Item inSlab(Slab slab, int offset, long seq, int length, boolean raw) {
        return new Item(slab, offset, seq, length, raw);
    }

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

    /** The value; for a slab reference this takes the item out of the slab, so call it once. */
    public Object decode() {
        byte[] value = slab == null ? bytes : slab.take(offset, seq, length);
        return raw ? value : StandardCodec.INSTANCE.decode(value);
    }

    /** The encoded value, or the {@code byte[]} value when {@link #raw()}; null for a slab reference. */
    public byte[] bytes() {
        return bytes;
    }

    public boolean raw() {
        return raw;
    }

    /** Length of the encoded value (of the payload in the slab, for a reference). */
    public int length() {
        return length;
    }

    /** True when the item travels in its own frame after the message that announces it. */
    public boolean separate() {
        return slab == null && length >= LARGE;
    }

    /** Bytes the record takes in a message after its header. */
    int wireLength() {
        return slab != null ? REFERENCE : separate() ? 0 : length;
    }

    /** The slab holding the value, or null when the item carries its bytes. */
    Slab slab() {
        return slab;
    }

    int offset() {
        return offset;
    }

    long seq() {
        return seq;
    }

    /** In the owner: the item left the queue for good; its slab may go once nothing refers to it. */
    void consumed() {
        if (slab != null) {
            slab.release();
        }
    }
}
