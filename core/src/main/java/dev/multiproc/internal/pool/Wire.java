package dev.multiproc.internal.pool;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for building frames, and a cursor for reading them: big-endian, no
 * allocation per field. Frames between a pool and its workers are sequences of records built with
 * these; see {@link Protocol}.
 */
final class Wire {
    private Wire() {
    }

    /** Appends fields to a byte array that grows as needed. */
    static final class Sink {
        private byte[] bytes;
        private int size;

        Sink(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        byte[] array() {
            return bytes;
        }

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        /** Makes room for {@code more} bytes, so that a loop of small puts does not grow the array repeatedly. */
        void ensure(int more) {
            if (size + more > bytes.length) {
                grow(more);
            }
        }

        /**
         * The rare half of {@link #ensure}, a method of its own: every put inlines {@code ensure},
         * and with the copy inlined too the JIT's graph of the task loop (which inlines the packing
         * of a chunk) held dozens of copies of it; its compilation took a new worker hundreds of
         * milliseconds of CPU, during its first maps.
         */
        private void grow(int more) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a pool frame cannot exceed 2 GiB: " + wanted + " bytes");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }

        Sink putByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
            return this;
        }

        /** Takes back everything written after {@code size}. */
        void truncate(int size) {
            this.size = size;
        }

        /** Takes back the last byte written. */
        void unputByte() {
            size--;
        }

        Sink putInt(int v) {
            ensure(4);
            bytes[size] = (byte) (v >>> 24);
            bytes[size + 1] = (byte) (v >>> 16);
            bytes[size + 2] = (byte) (v >>> 8);
            bytes[size + 3] = (byte) v;
            size += 4;
            return this;
        }

        Sink putLong(long v) {
            putInt((int) (v >>> 32));
            return putInt((int) v);
        }

        /** Writes {@code value} with its length in front. */
        Sink putBlock(byte[] value) {
            return putBlock(value, 0, value.length);
        }

        Sink putBlock(byte[] value, int offset, int length) {
            putInt(length);
            ensure(length);
            System.arraycopy(value, offset, bytes, size, length);
            size += length;
            return this;
        }

        /**
         * Writes a value of fixed size (null, a boxed primitive) as a block, encoded in place;
         * false (nothing written) for any other value, which the caller encodes as a block.
         */
        boolean putFixed(Object value) {
            ensure(4 + dev.multiproc.internal.codec.StandardCodec.MAX_FIXED);
            int length = dev.multiproc.internal.codec.StandardCodec.INSTANCE.encodeFixed(value, bytes, size + 4);
            if (length < 0) {
                return false;
            }
            setInt(size, length);
            size += 4 + length;
            return true;
        }

        /** Appends bytes as they are, without a length. */
        Sink putRaw(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
            return this;
        }

        /**
         * Appends {@code values[0..count)}, all {@link Integer}s, as ints: one bounds check for the
         * run instead of one per value, and a loop small enough to compile quickly.
         */
        Sink putInts(Object[] values, int count) {
            ensure(4 * count);
            int at = size;
            for (int i = 0; i < count; i++) {
                setInt(at, (Integer) values[i]);
                at += 4;
            }
            size = at;
            return this;
        }

        /** Appends {@code values[0..count)}, all {@link Long}s, as {@link #putInts} does ints. */
        Sink putLongs(Object[] values, int count) {
            ensure(8 * count);
            int at = size;
            for (int i = 0; i < count; i++) {
                setLong(at, (Long) values[i]);
                at += 8;
            }
            size = at;
            return this;
        }

        /** Appends {@code values[0..count)}, all {@link Double}s, as their raw bits. */
        Sink putDoubles(Object[] values, int count) {
            ensure(8 * count);
            int at = size;
            for (int i = 0; i < count; i++) {
                setLong(at, Double.doubleToRawLongBits((Double) values[i]));
                at += 8;
            }
            size = at;
            return this;
        }

        private void setLong(int position, long v) {
            setInt(position, (int) (v >>> 32));
            setInt(position + 4, (int) v);
        }

        void setInt(int position, int v) {
            bytes[position] = (byte) (v >>> 24);
            bytes[position + 1] = (byte) (v >>> 16);
            bytes[position + 2] = (byte) (v >>> 8);
            bytes[position + 3] = (byte) v;
        }

        Sink putString(String s) {
            return putBlock(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads fields from a received frame. */
    static final class Source {
        private final byte[] bytes;
        private int position;
        private final int end;

        Source(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        Source(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.position = offset;
            this.end = offset + length;
        }

        boolean hasMore() {
            return position < end;
        }

        byte[] array() {
            return bytes;
        }

        int position() {
            return position;
        }

        int getByte() {
            check(1);
            return bytes[position++];
        }

        int getInt() {
            check(4);
            int v = ((bytes[position] & 0xff) << 24) | ((bytes[position + 1] & 0xff) << 16)
                    | ((bytes[position + 2] & 0xff) << 8) | (bytes[position + 3] & 0xff);
            position += 4;
            return v;
        }

        long getLong() {
            return ((long) getInt() << 32) | (getInt() & 0xffffffffL);
        }

        /** Skips a length-prefixed block and returns its length; the block starts at {@code position() - length}. */
        int skipBlock() {
            int length = getInt();
            check(length);
            position += length;
            return length;
        }

        byte[] getBlock() {
            int length = skipBlock();
            return Arrays.copyOfRange(bytes, position - length, position);
        }

        String getString() {
            int length = skipBlock();
            return new String(bytes, position - length, length, StandardCharsets.UTF_8);
        }

        private void check(int n) {
            if (n < 0 || position + n > end) {
                throw new IllegalStateException("truncated pool frame: need " + n + " bytes at " + position + " of " + end);
            }
        }
    }
}
