package dev.multiproc.internal.manager;

import dev.multiproc.RemoteTraceback;
import dev.multiproc.SerializationException;
import dev.multiproc.internal.codec.StandardCodec;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The server's side of a reply: a result, or the exception the call threw, always sendable. */
final class Replies {
    private Replies() {
    }

    static byte[] returned(Object result) {
        byte[] encoded;
        try {
            encoded = StandardCodec.INSTANCE.encode(result);
        } catch (SerializationException e) {
            return threw(new SerializationException("the result cannot be sent back: " + e.getMessage(), e.getCause()));
        }
        return Wire.encodeReply(Wire.RETURNED, encoded);
    }

    /** The exception itself when it serializes, else its class name and stack trace as text. */
    static byte[] threw(Throwable failure) {
        byte[] encoded;
        try {
            encoded = StandardCodec.INSTANCE.encode(failure);
        } catch (RuntimeException notSerializable) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            encoded = StandardCodec.INSTANCE.encode(new RemoteTraceback(failure.getClass().getName(), trace.toString()));
        }
        return Wire.encodeReply(Wire.THREW, encoded);
    }
}
