package dev.multiproc.internal.codec;

/**
 * The less common leaves of a value tree, both ways: {@code Float}, {@code Short}, {@code Byte},
 * {@code Character} and the primitive arrays (see {@link TreeTags}). Arrays are written raw,
 * big-endian, so that a large one costs about a copy.
 */
final class ScalarTrees {
    private ScalarTrees() {
    }

    /** Writes a boxed float, short, byte or char; false for any other type. */
    static boolean write(TreeWriter out, Object value, Class<?> type) {
        if (type == Float.class) {
            out.putByte(TreeTags.FLOAT);
            out.putInt(Float.floatToRawIntBits((Float) value));
        } else if (type == Short.class) {
            out.putByte(TreeTags.SHORT);
            out.putVarLong(TreeWriter.zigzag((Short) value));
        } else if (type == Byte.class) {
            out.putByte(TreeTags.BYTE);
            out.putByte((Byte) value);
        } else if (type == Character.class) {
            out.putByte(TreeTags.CHAR);
            out.putVarLong((Character) value);
        } else {
            return false;
        }
        return true;
    }

    /** Writes an array of a primitive type; false for an array of objects. */
    static boolean writePrimitiveArray(TreeWriter out, Object array, Class<?> type) {
        if (type == byte[].class) {
            out.putByte(TreeTags.BYTES);
            out.putBytes((byte[]) array);
        } else if (type == int[].class) {
            int[] values = (int[]) array;
            out.putByte(TreeTags.INTS);
            out.putVarLong(values.length);
            for (int v : values) {
                out.putInt(v);
            }
        } else if (type == long[].class) {
            long[] values = (long[]) array;
            out.putByte(TreeTags.LONGS);
            out.putVarLong(values.length);
            for (long v : values) {
                out.putLong(v);
            }
        } else if (type == double[].class) {
            double[] values = (double[]) array;
            out.putByte(TreeTags.DOUBLES);
            out.putVarLong(values.length);
            for (double v : values) {
                out.putLong(Double.doubleToRawLongBits(v));
            }
        } else {
            return writeNarrowArray(out, array, type);
        }
        return true;
    }

    private static boolean writeNarrowArray(TreeWriter out, Object array, Class<?> type) {
        if (type == float[].class) {
            float[] values = (float[]) array;
            out.putByte(TreeTags.FLOATS);
            out.putVarLong(values.length);
            for (float v : values) {
                out.putInt(Float.floatToRawIntBits(v));
            }
        } else if (type == short[].class) {
            short[] values = (short[]) array;
            out.putByte(TreeTags.SHORTS);
            out.putVarLong(values.length);
            for (short v : values) {
                out.putByte(v >>> 8);
                out.putByte(v);
            }
        } else if (type == char[].class) {
            char[] values = (char[]) array;
            out.putByte(TreeTags.CHARS);
            out.putVarLong(values.length);
            for (char v : values) {
                out.putByte(v >>> 8);
                out.putByte(v);
            }
        } else if (type == boolean[].class) {
            boolean[] values = (boolean[]) array;
            out.putByte(TreeTags.BOOLEANS);
            out.putVarLong(values.length);
            for (boolean v : values) {
                out.putByte(v ? 1 : 0);
            }
        } else {
            return false;
        }
        return true;
    }

    /** Reads the payload of a scalar or primitive-array {@code tag}; the reader is past the tag. */
    static Object read(TreeReader in, byte tag) {
        switch (tag) {
            case TreeTags.FLOAT: return Float.intBitsToFloat(in.getInt());
            case TreeTags.SHORT: return (short) TreeReader.unzigzag(in.getVarLong());
            case TreeTags.BYTE: return in.getByte();
            case TreeTags.CHAR: return (char) in.getVarLong();
            case TreeTags.BYTES: return in.getBytes(in.count(1));
            case TreeTags.INTS: {
                int[] values = new int[in.count(4)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.getInt();
                }
                return values;
            }
            case TreeTags.LONGS: {
                long[] values = new long[in.count(8)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.getLong();
                }
                return values;
            }
            case TreeTags.DOUBLES: {
                double[] values = new double[in.count(8)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Double.longBitsToDouble(in.getLong());
                }
                return values;
            }
            default: return readNarrowArray(in, tag);
        }
    }

    private static Object readNarrowArray(TreeReader in, byte tag) {
        switch (tag) {
            case TreeTags.FLOATS: {
                float[] values = new float[in.count(4)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat(in.getInt());
                }
                return values;
            }
            case TreeTags.SHORTS: {
                short[] values = new short[in.count(2)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (short) (((in.getByte() & 0xff) << 8) | (in.getByte() & 0xff));
                }
                return values;
            }
            case TreeTags.CHARS: {
                char[] values = new char[in.count(2)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (char) (((in.getByte() & 0xff) << 8) | (in.getByte() & 0xff));
                }
                return values;
            }
            case TreeTags.BOOLEANS: {
                boolean[] values = new boolean[in.count(1)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.getByte() != 0;
                }
                return values;
            }
            default:
                throw in.corrupt("unknown tag " + tag);
        }
    }
}
