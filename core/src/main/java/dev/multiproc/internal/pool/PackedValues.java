package dev.multiproc.internal.pool;

import dev.multiproc.SerializationException;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;

import java.nio.charset.StandardCharsets;

/**
 * The items of a chunk (or its results) as one packed block: when every value has the same common
 * type, one kind byte and the raw values, else each value's own {@link StandardCodec} encoding.
 *
 * <pre>
 *   +------+-------+----------------------------------------------------------+
 *   | kind | count | values                                                   |
 *   | u8   | i32   |                                                          |
 *   +------+-------+----------------------------------------------------------+
 *   INTS     count x i32                  (Integer, no null)
 *   LONGS    count x i64                  (Long)
 *   DOUBLES  count x i64, raw bits        (Double)
 *   STRINGS  count x (length i32 | UTF-8) (String)
 *   BYTES    count x (length i32 | bytes) (byte[])
 *   MIXED    count x (length i32 | StandardCodec encoding)   anything else: other types, nulls, a mix
 * </pre>
 *
 * <p>Why: encoded one by one, a boxed int costs a type tag and a length besides its 4 bytes, and
 * the work per item is a chain of calls. Packed, 25,000 ints are 100 KB instead of 225 KB (a frame
 * that fits the socket's buffer, so the writer does not wait for the reader), and each side runs
 * one tight loop per type, which the JIT compiles early in a fresh worker.
 */
final class PackedValues {
    static final int INTS = 1;
    static final int LONGS = 2;
    static final int DOUBLES = 3;
    static final int STRINGS = 4;
    static final int BYTES = 5;
    static final int MIXED = 6;

    private PackedValues() {
    }

    /**
     * The one argument of {@code call} ({@code apply}) packed, encoded in the caller so that an
     * unserializable argument fails the call itself.
     *
     * @throws SerializationException when {@code argument} cannot be serialized
     */
    static byte[] single(Object argument, String call) {
        FrameBuilder sink = new FrameBuilder(32);
        try {
            write(sink, new Object[] {argument}, 1);
        } catch (IndexedSerializationException e) {
            throw new SerializationException("cannot send the argument of " + call + ": "
                    + e.serializationCause().getMessage(), e.serializationCause().getCause());
        }
        return sink.toByteArray();
    }

    /**
     * Appends {@code values[0..count)} packed.
     *
     * @throws IndexedSerializationException when a value cannot be serialized (nothing useful is
     *         left in {@code sink} after the mark the caller took)
     */
    static void write(FrameBuilder sink, Object[] values, int count) {
        int kind = kindOf(values, count);
        sink.putByte(kind).putInt(count);
        switch (kind) {
            case INTS:
                sink.putInts(values, count);
                break;
            case LONGS:
                sink.putLongs(values, count);
                break;
            case DOUBLES:
                sink.putDoubles(values, count);
                break;
            case STRINGS:
                for (int i = 0; i < count; i++) {
                    sink.putString((String) values[i]);
                }
                break;
            case BYTES:
                for (int i = 0; i < count; i++) {
                    sink.putBlock((byte[]) values[i]);
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    if (values[i] instanceof Encoded) {
                        sink.putBlock(((Encoded) values[i]).bytes);
                    } else if (!putFixed(sink, values[i])) {
                        try {
                            sink.putBlock(StandardCodec.INSTANCE.encode(values[i]));
                        } catch (SerializationException e) {
                            throw new IndexedSerializationException(i, e);
                        }
                    }
                }
        }
    }

    /**
     * Appends a value of fixed size (null, a boxed primitive) as a block, encoded in place; false
     * (nothing written) for any other value, which the caller encodes as a block.
     */
    static boolean putFixed(FrameBuilder sink, Object value) {
        sink.ensure(4 + StandardCodec.MAX_FIXED);
        int length = StandardCodec.INSTANCE.encodeFixed(value, sink.array(), sink.size() + 4);
        if (length < 0) {
            return false;
        }
        sink.setInt(sink.size(), length);
        sink.skip(4 + length);
        return true;
    }

    /**
     * {@code value}, or its {@link StandardCodec} encoding when it is of a type that no packed kind
     * or fixed-size encoding takes (a map, a list, a record...): a worker encodes each such result
     * as soon as its task returns, so that a chunk's results are bytes while the chunk runs.
     * Held whole until the chunk's end, a word count's per-file maps (about 25 MB for a chunk of 900
     * files) survived each young collection of the worker's heap and were copied by it: 0.3-0.6 s of
     * a worker's CPU on the flagship job, against a few milliseconds once only bytes are left.
     * A value that cannot be encoded is returned as it is, so that {@link #write} reports it.
     */
    static Object encodeEarly(Object value) {
        if (value == null) {
            return null;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class || type == Long.class || type == Double.class || type == Boolean.class
                || type == String.class || type == byte[].class) {
            return value;
        }
        try {
            return new Encoded(StandardCodec.INSTANCE.encode(value));
        } catch (RuntimeException unserializable) {
            return value; // write() encodes it again and reports what fails, as for any value
        }
    }

    /** A value already in its {@link StandardCodec} encoding: see {@link #encodeEarly}. */
    static final class Encoded {
        final byte[] bytes;

        Encoded(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** The one kind that holds all of {@code values[0..count)}. */
    static int kindOf(Object[] values, int count) {
        if (count == 0 || values[0] == null) {
            return MIXED;
        }
        Class<?> type = values[0].getClass();
        for (int i = 1; i < count; i++) {
            Object v = values[i];
            if (v == null || v.getClass() != type) {
                return MIXED;
            }
        }
        if (type == Integer.class) {
            return INTS;
        } else if (type == Long.class) {
            return LONGS;
        } else if (type == Double.class) {
            return DOUBLES;
        } else if (type == String.class) {
            return STRINGS;
        } else if (type == byte[].class) {
            return BYTES;
        }
        return MIXED;
    }

    /**
     * Reads the values of one packed block, one at a time: a value that cannot be decoded (a
     * class missing here) fails alone, in {@link #next()}, and the reader moves on.
     */
    static final class Reader {
        private final FrameReader in;
        private final int kind;
        private final int count;
        private int read;

        Reader(FrameReader in) {
            this.in = in;
            this.kind = in.getByte();
            this.count = in.getInt();
            if (kind < INTS || kind > MIXED || count < 0) {
                throw new IllegalStateException("corrupt packed values: kind " + kind + ", count " + count);
            }
        }

        int count() {
            return count;
        }

        /** The next value; after a {@link SerializationException}, the reader is past that value. */
        Object next() {
            if (read++ >= count) {
                throw new IllegalStateException("read past the " + count + " packed values");
            }
            switch (kind) {
                case INTS:
                    return in.getInt();
                case LONGS:
                    return in.getLong();
                case DOUBLES:
                    return Double.longBitsToDouble(in.getLong());
                case STRINGS:
                    return in.getString();
                case BYTES:
                    return in.getBlock();
                default:
                    int length = in.skipBlock();
                    return StandardCodec.INSTANCE.decode(in.array(), in.position() - length, length);
            }
        }

        /** Skips the values not read, so that the source is at the end of the block. */
        void skipRest() {
            while (read < count) {
                read++;
                switch (kind) {
                    case INTS:
                        in.getInt();
                        break;
                    case LONGS:
                    case DOUBLES:
                        in.getLong();
                        break;
                    default:
                        in.skipBlock();
                }
            }
        }
    }

    /** A value at {@code index} of a packed block could not be serialized. */
    static final class IndexedSerializationException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        IndexedSerializationException(int index, SerializationException cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }

        SerializationException serializationCause() {
            return (SerializationException) getCause();
        }
    }
}
