package dev.multiproc.cluster.internal;

import dev.multiproc.RemoteException;
import dev.multiproc.RemoteTraceback;
import dev.multiproc.spi.ValueCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * What one task gave, as it travels from the child JVM that ran it, through its member, to the
 * driver: a status byte, then the encoded result, or the failure as text (class, message, stack
 * trace) plus the serialized exception when it could be serialized.
 *
 * <pre>
 *   +---+----------------------+      +---+-------+---------+-------+-----------------------+
 *   | 0 | encoded result       |  or  | 1 | class | message | trace | serialized (may be 0) |
 *   +---+----------------------+      +---+-------+---------+-------+-----------------------+
 * </pre>
 */
public final class ItemOutcome {
    private static final byte OK = 0;
    private static final byte FAILED = 1;

    private ItemOutcome() {
    }

    public static byte[] ok(Object result) {
        byte[] encoded = ValueCodec.encode(result);
        byte[] out = new byte[encoded.length + 1];
        out[0] = OK;
        System.arraycopy(encoded, 0, out, 1, encoded.length);
        return out;
    }

    public static byte[] failed(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        byte[] serialized;
        try {
            serialized = ValueCodec.encode(failure);
        } catch (RuntimeException notSerializable) {
            serialized = new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FAILED);
            out.writeUTF(failure.getClass().getName());
            writeLong(out, String.valueOf(failure.getMessage()));
            writeLong(out, trace.toString());
            out.writeInt(serialized.length);
            out.write(serialized);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    public static boolean isOk(byte[] outcome) {
        return outcome.length > 0 && outcome[0] == OK;
    }

    /** The result of an ok outcome, decoded here (the driver, which has the result's classes). */
    public static Object result(byte[] outcome) {
        return ValueCodec.decode(java.util.Arrays.copyOfRange(outcome, 1, outcome.length));
    }

    /** The failure of a failed outcome as a Python-style call throws it: a RemoteException naming the task. */
    public static RemoteException failure(byte[] outcome, String context) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(outcome))) {
            in.readByte();
            String className = in.readUTF();
            String message = readLong(in);
            String trace = readLong(in);
            byte[] serialized = in.readNBytes(in.readInt());
            Throwable original = rebuild(serialized, className, trace);
            String summary = "null".equals(message) ? className : className + ": " + message;
            return new RemoteException(context + ": " + summary, className, original);
        } catch (IOException e) {
            return new RemoteException(context + ": a corrupt failure report (" + e + ")", "?", e);
        }
    }

    private static Throwable rebuild(byte[] serialized, String className, String trace) {
        if (serialized.length > 0) {
            try {
                Object decoded = ValueCodec.decode(serialized);
                if (decoded instanceof Throwable) {
                    return (Throwable) decoded;
                }
            } catch (RuntimeException classMissingHere) {
                // the text stands in for it
            }
        }
        return new RemoteTraceback(className, trace);
    }

    /** writeUTF is limited to 64 KiB; a stack trace can be longer. */
    private static void writeLong(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), java.nio.charset.StandardCharsets.UTF_8);
    }
}
