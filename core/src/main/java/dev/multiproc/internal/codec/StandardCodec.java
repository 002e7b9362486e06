package dev.multiproc.internal.codec;

import dev.multiproc.SerializationException;
import dev.multiproc.connection.MessageTooLargeException;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The default codec: a one-byte type tag and a raw encoding for the types that dominate messages
 * (boxed primitives, {@code String}, {@code byte[]}, primitive arrays), a value tree for the JDK's
 * collections, records, enums and arrays of such values ({@link TreeWriter}), JDK serialization
 * for everything else.
 *
 * <p>Why the fast path: JDK serialization of a small object costs 2-3 us (a stream header, class
 * descriptors, reflection), which would dominate a queue or pipe of small items. A tagged raw
 * encoding of an {@code Integer} is a 5-byte copy.
 *
 * <pre>
 *   +-----+-----------------------------+
 *   | tag | payload (tag-specific, BE)  |
 *   +-----+-----------------------------+
 * </pre>
 */
public final class StandardCodec implements Codec {
    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte STRING = 3;
    private static final byte BYTES = 4;
    private static final byte DOUBLE = 5;
    private static final byte TRUE = 6;
    private static final byte FALSE = 7;
    private static final byte FLOAT = 8;
    private static final byte SHORT = 9;
    private static final byte BYTE = 10;
    private static final byte CHAR = 11;
    private static final byte INTS = 12;
    private static final byte LONGS = 13;
    private static final byte DOUBLES = 14;
    /** A serializable lambda of immutable captures: see {@link LambdaCodec}. */
    static final byte LAMBDA = 15;
    /** Collections, maps, records, enums, arrays of objects, nested: see {@link TreeTags}. */
    static final byte TREE = 16;
    private static final byte JAVA = 127;

    /** Null until set: the default is made on first use (see {@link Limits} on why nothing here is eager). */
    private static volatile ClassResolver resolver;

    public static final StandardCodec INSTANCE = new StandardCodec();

    private StandardCodec() {
    }

    /** Installs the class resolution hook used by every decode in this JVM. */
    public static void setClassResolver(ClassResolver classResolver) {
        resolver = classResolver;
    }

    public static ClassResolver classResolver() {
        ClassResolver installed = resolver;
        return installed != null ? installed : DefaultResolver.INSTANCE;
    }

    /** The default resolver, a lambda: made on first use, not when a child JVM installs its own. */
    private static final class DefaultResolver {
        static final ClassResolver INSTANCE = ClassResolver.standard();
    }

    /**
     * Defence in depth: decoding only ever follows authentication, but a worker running untrusted
     * code must not be able to take its parent down, so the graph is bounded. In a holder: creating
     * a filter initialises the JDK's serial-filter configuration (a logger lookup and the security
     * properties, ~15 ms in a fresh JVM), which a child whose target is a {@link LambdaCodec lambda}
     * never needs.
     *
     * <p>Arrays are bounded by the message itself, so the limit needs no setting: a primitive array
     * must fit in the bytes that carry it, and an array of references (including the tables that
     * {@code ArrayList} and {@code HashMap} size from a count in the stream) may have at most four
     * elements per byte of the message, since each element takes at least one. Without that, a
     * 30-byte message could claim a 16 GiB array. Depth and the rest follow
     * {@code -Dmultiproc.serialFilter} (JDK filter syntax, default {@value #DEFAULT_PATTERN}).
     * Hash bombs of nested collections, which no depth limit that ordinary data meets can stop,
     * are refused by {@link HashingWork}.
     */
    private static final class Limits {
        static final String DEFAULT_PATTERN = "maxdepth=5000";
        static final ObjectInputFilter CONFIGURED = ObjectInputFilter.Config.createFilter(
                System.getProperty("multiproc.serialFilter", DEFAULT_PATTERN));

        static ObjectInputFilter forMessage(int length) {
            return info -> {
                long elements = info.arrayLength();
                if (elements >= 0 && info.serialClass() != null) {
                    Class<?> component = info.serialClass().getComponentType();
                    long bound = component != null && component.isPrimitive()
                            ? length / primitiveBytes(component)
                            : 4L * length + 1024;
                    if (elements > bound) {
                        return ObjectInputFilter.Status.REJECTED;
                    }
                }
                return CONFIGURED.checkInput(info);
            };
        }

        private static int primitiveBytes(Class<?> type) {
            if (type == long.class || type == double.class) {
                return 8;
            }
            if (type == int.class || type == float.class) {
                return 4;
            }
            return type == short.class || type == char.class ? 2 : 1;
        }
    }

    /** Fails before allocating when {@code count} elements of {@code elementBytes} cannot be one message. */
    private static void checkFits(Object value, long count, int elementBytes) {
        long bytes = 1 + count * elementBytes;
        if (bytes > MessageTooLargeException.LIMIT) {
            throw new MessageTooLargeException("a " + value.getClass().getComponentType() + "[" + count + "]", bytes, null);
        }
    }

    /**
     * The {@link LambdaCodec} encoding of a serializable lambda that captures only immutable values
     * or other such lambdas; null for anything else (then use {@link #encode}). {@link #decode}
     * reads either.
     */
    public byte[] encodeLambda(Object value) {
        byte[] body = LambdaCodec.encodeOrNull(value);
        if (body == null) {
            return null;
        }
        byte[] out = new byte[body.length + 1];
        out[0] = LAMBDA;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** The most bytes {@link #encodeFixed} writes. */
    public static final int MAX_FIXED = 9;

    /**
     * Writes the encoding of a value of fixed size (null, boxed primitives) into {@code out} at
     * {@code at}, without allocating; returns its length, or -1 when {@code value} is of another
     * type (then use {@link #encode}). {@code out} needs {@link #MAX_FIXED} bytes of room.
     *
     * <p>Why: a chunk of 25,000 boxed ints encoded one {@code byte[]} each cost as much as running
     * them; written in place, a pool's chunk is one array copy away from the wire.
     */
    public int encodeFixed(Object value, byte[] out, int at) {
        if (value == null) {
            out[at] = NULL;
            return 1;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class) {
            out[at] = INT;
            FrameBuilder.setInt(out, at + 1, (Integer) value);
            return 5;
        } else if (type == Long.class) {
            out[at] = LONG;
            FrameBuilder.setLong(out, at + 1, (Long) value);
            return 9;
        } else if (type == Double.class) {
            out[at] = DOUBLE;
            FrameBuilder.setLong(out, at + 1, Double.doubleToRawLongBits((Double) value));
            return 9;
        } else if (type == Boolean.class) {
            out[at] = ((Boolean) value) ? TRUE : FALSE;
            return 1;
        }
        return -1;
    }

    /**
     * Writes the encoding of {@code value} into {@code out} at {@code at}, which needs
     * {@code value.length + 1} bytes of room; returns that length. The same bytes as
     * {@link #encode}, without the intermediate array (a queue copies small arrays straight into
     * the batch it is about to send).
     */
    public int encodeBytes(byte[] value, byte[] out, int at) {
        out[at] = BYTES;
        System.arraycopy(value, 0, out, at + 1, value.length);
        return value.length + 1;
    }

    @Override
    public byte[] encode(Object value) {
        if (value == null) {
            return new byte[] {NULL};
        }
        Class<?> type = value.getClass();
        if (type == Integer.class) {
            byte[] out = new byte[5];
            out[0] = INT;
            FrameBuilder.setInt(out, 1, (Integer) value);
            return out;
        } else if (type == Long.class) {
            byte[] out = new byte[9];
            out[0] = LONG;
            FrameBuilder.setLong(out, 1, (Long) value);
            return out;
        } else if (type == String.class) {
            return encodeString((String) value);
        } else if (type == byte[].class) {
            byte[] bytes = (byte[]) value;
            byte[] out = new byte[bytes.length + 1];
            out[0] = BYTES;
            System.arraycopy(bytes, 0, out, 1, bytes.length);
            return out;
        } else if (type == Double.class) {
            return ByteBuffer.allocate(9).put(DOUBLE).putDouble((Double) value).array();
        } else if (type == Boolean.class) {
            return new byte[] {((Boolean) value) ? TRUE : FALSE};
        } else if (type == Float.class) {
            return ByteBuffer.allocate(5).put(FLOAT).putFloat((Float) value).array();
        } else if (type == Short.class) {
            return ByteBuffer.allocate(3).put(SHORT).putShort((Short) value).array();
        } else if (type == Byte.class) {
            return new byte[] {BYTE, (Byte) value};
        } else if (type == Character.class) {
            return ByteBuffer.allocate(3).put(CHAR).putChar((Character) value).array();
        } else if (type == int[].class) {
            int[] ints = (int[]) value;
            checkFits(ints, ints.length, 4);
            ByteBuffer buffer = ByteBuffer.allocate(1 + 4 * ints.length).put(INTS);
            buffer.asIntBuffer().put(ints);
            return buffer.array();
        } else if (type == long[].class) {
            long[] longs = (long[]) value;
            checkFits(longs, longs.length, 8);
            ByteBuffer buffer = ByteBuffer.allocate(1 + 8 * longs.length).put(LONGS);
            buffer.asLongBuffer().put(longs);
            return buffer.array();
        } else if (type == double[].class) {
            double[] doubles = (double[]) value;
            checkFits(doubles, doubles.length, 8);
            ByteBuffer buffer = ByteBuffer.allocate(1 + 8 * doubles.length).put(DOUBLES);
            buffer.asDoubleBuffer().put(doubles);
            return buffer.array();
        }
        if (TreeWriter.takes(type)) {
            byte[] tree = TreeWriter.encodeOrNull(TREE, value);
            if (tree != null) {
                return tree;
            }
        }
        return encodeJava(value);
    }

    private static byte[] encodeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = STRING;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    private static byte[] encodeJava(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(JAVA);
        try (ObjectOutputStream out = new RecordingObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new SerializationException("cannot serialize " + describe(value) + ": "
                    + SerializationDiagnostics.explain(value, e), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + describe(value) + ": " + e, e);
        } catch (OutOfMemoryError e) {
            // the buffer passed what one array holds ("Required array size too large") or the heap:
            // either way the message cannot be built, and the partial buffer is garbage now
            throw new MessageTooLargeException("the serialized form of " + describe(value), -1, e);
        }
        return bytes.toByteArray();
    }

    private static String describe(Object value) {
        return "an instance of " + value.getClass().getName();
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
        if (length < 1) {
            throw new SerializationException("cannot decode an empty message: every encoded value has a type tag", null);
        }
        byte tag = bytes[offset];
        // the commonest tags first, without a ByteBuffer: this runs once per item of a chunk
        switch (tag) {
            case NULL: return null;
            case INT: checkLength(tag, length, 5); return FrameReader.intAt(bytes, offset + 1);
            case LONG: checkLength(tag, length, 9); return FrameReader.longAt(bytes, offset + 1);
            case DOUBLE: checkLength(tag, length, 9); return Double.longBitsToDouble(FrameReader.longAt(bytes, offset + 1));
            case STRING: return new String(bytes, offset + 1, length - 1, StandardCharsets.UTF_8);
            default: return decodeOtherChecked(tag, bytes, offset, length);
        }
    }

    /** Truncated or impossible bodies are corrupt data, and say so as the type promised. */
    private static Object decodeOtherChecked(byte tag, byte[] bytes, int offset, int length) {
        try {
            return decodeOther(tag, bytes, offset, length);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new SerializationException("cannot decode a message with type tag " + tag + " of " + length
                    + " bytes: its body is truncated or corrupt (" + e + ")", e);
        }
    }

    private static void checkLength(byte tag, int length, int expected) {
        if (length != expected) {
            throw new SerializationException("cannot decode a message with type tag " + tag + " of " + length
                    + " bytes: expected " + expected, null);
        }
    }

    private static Object decodeOther(byte tag, byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset + 1, length - 1).order(ByteOrder.BIG_ENDIAN);
        switch (tag) {
            case BYTES: {
                byte[] out = new byte[length - 1];
                System.arraycopy(bytes, offset + 1, out, 0, length - 1);
                return out;
            }
            case TRUE: return Boolean.TRUE;
            case FALSE: return Boolean.FALSE;
            case FLOAT: return in.getFloat();
            case SHORT: return in.getShort();
            case BYTE: return in.get();
            case CHAR: return in.getChar();
            case INTS: {
                int[] out = new int[(length - 1) / 4];
                in.asIntBuffer().get(out);
                return out;
            }
            case LONGS: {
                long[] out = new long[(length - 1) / 8];
                in.asLongBuffer().get(out);
                return out;
            }
            case DOUBLES: {
                double[] out = new double[(length - 1) / 8];
                in.asDoubleBuffer().get(out);
                return out;
            }
            case TREE: return TreeReader.decode(bytes, offset + 1, length - 1);
            case JAVA: return decodeJava(bytes, offset + 1, length - 1);
            case LAMBDA: return LambdaCodec.decode(bytes, offset + 1, length - 1);
            default:
                throw new SerializationException("cannot decode a message with unknown type tag " + tag
                        + " (" + length + " bytes): corrupt data or a peer of another multiproc version", null);
        }
    }

    private static Object decodeJava(byte[] bytes, int offset, int length) {
        try (ResolvingObjectInputStream in = new ResolvingObjectInputStream(
                new ByteArrayInputStream(bytes, offset, length), classResolver(), Limits.forMessage(length))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            // A class loader that asked further (a child's parent process) explains itself in full;
            // the JDK's loaders give the bare class name.
            String message = e.getMessage();
            boolean bareName = message != null && message.indexOf(' ') < 0;
            throw new SerializationException("cannot deserialize: " + (bareName ? "class " + message
                    + " is not available in process " + ProcessHandle.current().pid() : message), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot deserialize a message of " + length + " bytes: " + e, e);
        }
    }
}
