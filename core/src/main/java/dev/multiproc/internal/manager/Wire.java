package dev.multiproc.internal.manager;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;


/**
 * One call to a served object and its reply, each one message on the caller's connection. Values
 * travel in the {@link StandardCodec} encoding, so a call with an {@code Integer} key and value is
 * a few dozen bytes and no JDK serialization.
 *
 * <pre>
 *   call:   +-----------+--------+------+----------------------------------------------------------+
 *           | object id | method | argc | argc x (kind u8 | length i32 | StandardCodec encoding) |
 *           | i64       | i32    | u8   |                                                          |
 *           +-----------+--------+------+----------------------------------------------------------+
 *   reply:  +--------+--------------------------------------------------+
 *           | status | StandardCodec encoding of the result or the error |
 *           | u8     |                                                  |
 *           +--------+--------------------------------------------------+
 * </pre>
 * The method is an index into the object's {@link MethodTable}; object id 0 is the manager's own
 * {@link Control}. An argument's kind is {@link #VALUE}, or {@link #FUNCTION} for a lambda of
 * immutable captures that the server may decode once and reuse (see {@link FunctionArguments}).
 * Status {@link #RETURNED} carries the result, {@link #THREW} a Throwable.
 *
 * <p>While a call that waits on the server ({@link MethodTable#waits}) has no reply yet, its
 * client may send {@link #CANCEL} (a call header with method {@link #CANCEL_METHOD} and no
 * arguments): the server stops the wait if it still runs (see {@link WaitingCall}) and replies to
 * the call as usual, so each call still gets exactly one reply.
 */
final class Wire {
    static final byte RETURNED = 0;
    static final byte THREW = 1;
    static final int MAX_ARGS = 255;
    static final byte VALUE = 0;
    static final byte FUNCTION = 1;
    /** The method index of a cancel, which no method table holds. */
    static final int CANCEL_METHOD = -2;
    /** The whole cancel frame. */
    static final byte[] CANCEL = new FrameBuilder(8 + 4 + 1).putLong(0).putInt(CANCEL_METHOD).putByte(0).toByteArray();

    private Wire() {
    }

    /** A decoded call. */
    static final class Call {
        final long objectId;
        final int method;
        final Object[] args;

        Call(long objectId, int method, Object[] args) {
            this.objectId = objectId;
            this.method = method;
            this.args = args;
        }
    }

    static byte[] encodeCall(long objectId, int method, Object[] args) {
        int argc = args == null ? 0 : args.length;
        if (argc > MAX_ARGS) {
            throw new IllegalArgumentException("a call takes at most " + MAX_ARGS + " arguments, not " + argc);
        }
        byte[][] encoded = new byte[argc][];
        byte[] kinds = new byte[argc];
        int size = 8 + 4 + 1;
        for (int i = 0; i < argc; i++) {
            encoded[i] = FunctionArguments.encodeOrNull(args[i]);
            if (encoded[i] != null) {
                kinds[i] = FUNCTION;
            } else {
                encoded[i] = StandardCodec.INSTANCE.encode(args[i]);
            }
            size += 1 + 4 + encoded[i].length;
        }
        FrameBuilder out = new FrameBuilder(size).putLong(objectId).putInt(method).putByte(argc);
        for (int i = 0; i < argc; i++) {
            out.putByte(kinds[i]).putBlock(encoded[i]);
        }
        return out.toByteArray();
    }

    static boolean isCancel(byte[] message) {
        return message.length == CANCEL.length && methodOf(message) == CANCEL_METHOD;
    }

    /** The object id of an encoded call, read without decoding its arguments. */
    static long objectOf(byte[] message) {
        return message.length >= 12 ? FrameReader.longAt(message, 0) : -1;
    }

    /** The method index of an encoded call, read without decoding its arguments. */
    static int methodOf(byte[] message) {
        return message.length >= 12 ? FrameReader.intAt(message, 8) : Integer.MIN_VALUE;
    }

    static Call decodeCall(byte[] message) {
        FrameReader in = new FrameReader(message, "manager");
        long objectId = in.getLong();
        int method = in.getInt();
        Object[] args = new Object[in.getByte() & 0xff];
        for (int i = 0; i < args.length; i++) {
            byte kind = in.getByte();
            int length = in.skipBlock();
            int at = in.position() - length;
            args[i] = kind == FUNCTION ? FunctionArguments.decode(message, at, length)
                    : StandardCodec.INSTANCE.decode(message, at, length);
        }
        return new Call(objectId, method, args);
    }

    static byte[] encodeReply(byte status, byte[] value) {
        return new FrameBuilder(1 + value.length).putByte(status).putRaw(value).toByteArray();
    }

    static Object decodeValue(byte[] reply) {
        return StandardCodec.INSTANCE.decode(reply, 1, reply.length - 1);
    }
}
