package dev.multiproc.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields of one received frame in order, as a {@link FrameBuilder} wrote them:
 * big-endian, no allocation but the values asked for. A field that would run past the frame's end
 * fails with an {@link IllegalStateException} that names the frame's family, the field's size and
 * where it was, so a corrupt or cut message never reads another message's bytes.
 *
 * <pre>{@code
 * FrameReader in = new FrameReader(frame, "queue");
 * byte op = in.getByte();
 * long requestId = in.getLong();
 * }</pre>
 */
public final class FrameReader {
    private final byte[] bytes;
    private final int end;
    private final String family;
    private int position;

    /**
     * A reader of the whole of {@code frame}; {@code family} ("pool", "queue") names the protocol
     * in the message of a frame cut short.
     */
    public FrameReader(byte[] frame, String family) {
        this(frame, 0, frame.length, family);
    }

    /** A reader of {@code frame[offset..offset+length)}. */
    public FrameReader(byte[] frame, int offset, int length, String family) {
        this.bytes = frame;
        this.position = offset;
        this.end = offset + length;
        this.family = family;
    }

    /** Whether any bytes are left. */
    public boolean hasMore() {
        return position < end;
    }

    /** The bytes left. */
    public int remaining() {
        return end - position;
    }

    /** The frame's array itself, for a decoder that reads a field in place (see {@link #skipBlock}). */
    public byte[] array() {
        return bytes;
    }

    /** Where the next field starts in {@link #array()}. */
    public int position() {
        return position;
    }

    /** Reads one byte. */
    public byte getByte() {
        check(1);
        return bytes[position++];
    }

    /** Reads a boolean written as one byte. */
    public boolean getBoolean() {
        return getByte() != 0;
    }

    /** Reads a big-endian int. */
    public int getInt() {
        check(4);
        int v = intAt(bytes, position);
        position += 4;
        return v;
    }

    /** Reads a big-endian long. */
    public long getLong() {
        check(8);
        long v = ((long) intAt(bytes, position) << 32) | (intAt(bytes, position + 4) & 0xffffffffL);
        position += 8;
        return v;
    }

    /** Skips {@code n} bytes. */
    public void skip(int n) {
        check(n);
        position += n;
    }

    /** Reads {@code n} bytes, whose length the message gave elsewhere. */
    public byte[] getBytes(int n) {
        skip(n);
        return Arrays.copyOfRange(bytes, position - n, position);
    }

    /**
     * Skips a length-prefixed block and returns its length; the block starts at
     * {@code position() - length}, for a decoder that reads it in place.
     */
    public int skipBlock() {
        int length = getInt();
        skip(length);
        return length;
    }

    /** Reads a length-prefixed block. */
    public byte[] getBlock() {
        return getBytes(getInt());
    }

    /** Reads a block written by {@link FrameBuilder#putBlockOrNull}. */
    public byte[] getBlockOrNull() {
        int length = getInt();
        return length == -1 ? null : getBytes(length);
    }

    /** Reads a string written by {@link FrameBuilder#putString}. */
    public String getString() {
        int length = skipBlock();
        return new String(bytes, position - length, length, StandardCharsets.UTF_8);
    }

    /** Reads a string written by {@link FrameBuilder#putStringOrNull}. */
    public String getStringOrNull() {
        byte[] utf8 = getBlockOrNull();
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /** Reads the rest of the frame as UTF-8, as {@link FrameBuilder#putTrailingString} wrote it. */
    public String getTrailingString() {
        String s = new String(bytes, position, end - position, StandardCharsets.UTF_8);
        position = end;
        return s;
    }

    /**
     * The big-endian int in {@code in} at {@code at}: for a caller that reads a fixed field of an
     * array without a reader.
     */
    public static int intAt(byte[] in, int at) {
        return ((in[at] & 0xff) << 24) | ((in[at + 1] & 0xff) << 16) | ((in[at + 2] & 0xff) << 8) | (in[at + 3] & 0xff);
    }

    /** The big-endian long in {@code in} at {@code at}. */
    public static long longAt(byte[] in, int at) {
        return ((long) intAt(in, at) << 32) | (intAt(in, at + 4) & 0xffffffffL);
    }

    private void check(int n) {
        if (n < 0 || n > end - position) {
            throw new IllegalStateException("truncated " + family + " frame: need " + n + " bytes at "
                    + position + " of " + end);
        }
    }
}
