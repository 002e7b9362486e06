package dev.multiproc.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one frame: a byte array that grows as fields are appended, big-endian, with no
 * allocation per field. Every binary message of the engine (a child's control messages, a pool's
 * chunks and results, a queue's requests and batches, a manager's calls) is built with one of
 * these and read with a {@link FrameReader}; each message family documents its own layout next to
 * its encoder.
 *
 * <p>Why this shape: a put is a bounds check and a few array stores that the JIT inlines into the
 * caller's loop; growing is a separate method that stays out of line (see {@link #grow}). A builder
 * can be {@link #reset} and reused for the next frame, so a sender that builds many frames
 * allocates its array once.
 *
 * <pre>{@code
 * byte[] frame = new FrameBuilder(16).putByte(GET).putLong(requestId).putInt(max).toByteArray();
 * }</pre>
 */
public final class FrameBuilder {
    /** The largest frame a builder makes; the JDK cannot allocate an array much closer to 2 GiB. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 16;

    private byte[] bytes;
    private int size;

    /** A builder whose array starts at {@code capacity} bytes. */
    public FrameBuilder(int capacity) {
        bytes = new byte[Math.max(0, capacity)];
    }

    /** The bytes written so far. */
    public int size() {
        return size;
    }

    /**
     * The builder's array itself, of which the first {@link #size()} bytes are the frame: for a
     * caller that writes it out without a copy, or encodes a field in place after {@link #ensure}.
     */
    public byte[] array() {
        return bytes;
    }

    /** Empties the builder for the next frame, keeping its array. */
    public void reset() {
        size = 0;
    }

    /** Takes back everything written after {@code size}. */
    public void truncate(int size) {
        this.size = size;
    }

    /** Takes back the last byte written. */
    public void unputByte() {
        size--;
    }

    /**
     * The frame as an array of its exact length: the builder's own array when that is full (no
     * copy: then the builder must not be written to again), else a copy.
     */
    public byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /**
     * Makes room for {@code more} bytes, so that a loop of small puts (or an encoding written in
     * place into {@link #array()}, then counted with {@link #skip}) does not grow the array again.
     */
    public void ensure(int more) {
        if (size + more > bytes.length) {
            grow(more);
        }
    }

    /**
     * The rare half of {@link #ensure}, a method of its own: every put inlines {@code ensure}, and
     * with the copy inlined too the JIT's graph of a pool worker's task loop (which inlines the
     * packing of a chunk) held dozens of copies of it; its compilation took a new worker hundreds
     * of milliseconds of CPU, during its first maps.
     */
    private void grow(int more) {
        long wanted = Math.max(Math.max((long) bytes.length * 2, 16), (long) size + more);
        if (wanted > MAX_SIZE) {
            throw new IllegalStateException("a frame cannot exceed 2 GiB: " + ((long) size + more) + " bytes");
        }
        bytes = Arrays.copyOf(bytes, (int) wanted);
    }

    /**
     * Counts {@code written} bytes that the caller wrote into {@link #array()} at {@link #size()},
     * after {@link #ensure}ing room for them.
     */
    public void skip(int written) {
        size += written;
    }

    /** Appends one byte. */
    public FrameBuilder putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    /** Appends a boolean as one byte, 1 or 0. */
    public FrameBuilder putBoolean(boolean b) {
        return putByte(b ? 1 : 0);
    }

    /** Appends an int, 4 bytes big-endian. */
    public FrameBuilder putInt(int v) {
        ensure(4);
        setInt(bytes, size, v);
        size += 4;
        return this;
    }

    /** Appends a long, 8 bytes big-endian. */
    public FrameBuilder putLong(long v) {
        ensure(8);
        setLong(bytes, size, v);
        size += 8;
        return this;
    }

    /** Overwrites the int at {@code position}, written before (a count known only at the end). */
    public void setInt(int position, int v) {
        setInt(bytes, position, v);
    }

    /** Appends bytes as they are, without a length. */
    public FrameBuilder putRaw(byte[] value) {
        return putRaw(value, 0, value.length);
    }

    /** Appends {@code value[offset..offset+length)} as they are, without a length. */
    public FrameBuilder putRaw(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
        return this;
    }

    /** Appends {@code value} with its length in front (an int). */
    public FrameBuilder putBlock(byte[] value) {
        putInt(value.length);
        return putRaw(value, 0, value.length);
    }

    /** Appends a block that may be absent: length -1 for null. */
    public FrameBuilder putBlockOrNull(byte[] value) {
        return value == null ? putInt(-1) : putBlock(value);
    }

    /** Appends a string as a block of its UTF-8 encoding. */
    public FrameBuilder putString(String s) {
        return putBlock(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a string that may be absent as a block of its UTF-8 encoding, length -1 for null. */
    public FrameBuilder putStringOrNull(String s) {
        return s == null ? putInt(-1) : putString(s);
    }

    /**
     * Appends a string's UTF-8 encoding without a length: the last field of a message, whose end
     * is the frame's end.
     */
    public FrameBuilder putTrailingString(String s) {
        return putRaw(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends {@code values[0..count)}, all {@link Integer}s, as ints: one bounds check for the run
     * instead of one per value, and a loop small enough to compile quickly.
     */
    public FrameBuilder putInts(Object[] values, int count) {
        ensure(4 * count);
        int at = size;
        for (int i = 0; i < count; i++) {
            setInt(bytes, at, (Integer) values[i]);
            at += 4;
        }
        size = at;
        return this;
    }

    /** Appends {@code values[0..count)}, all {@link Long}s, as {@link #putInts} does ints. */
    public FrameBuilder putLongs(Object[] values, int count) {
        ensure(8 * count);
        int at = size;
        for (int i = 0; i < count; i++) {
            setLong(bytes, at, (Long) values[i]);
            at += 8;
        }
        size = at;
        return this;
    }

    /** Appends {@code values[0..count)}, all {@link Double}s, as their raw bits. */
    public FrameBuilder putDoubles(Object[] values, int count) {
        ensure(8 * count);
        int at = size;
        for (int i = 0; i < count; i++) {
            setLong(bytes, at, Double.doubleToRawLongBits((Double) values[i]));
            at += 8;
        }
        size = at;
        return this;
    }

    /**
     * Writes an int big-endian into {@code out} at {@code at}: for a caller that lays out fixed
     * fields in an array of its own.
     */
    public static void setInt(byte[] out, int at, int v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
    }

    /** Writes a long big-endian into {@code out} at {@code at}. */
    public static void setLong(byte[] out, int at, long v) {
        setInt(out, at, (int) (v >>> 32));
        setInt(out, at + 4, (int) v);
    }
}
