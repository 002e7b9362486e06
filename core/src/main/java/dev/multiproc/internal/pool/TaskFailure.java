package dev.multiproc.internal.pool;

import dev.multiproc.RemoteTraceback;
import dev.multiproc.internal.codec.StandardCodec;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;

/**
 * An exception thrown in a worker, as it travels back: the class name and stack trace as text
 * always, the serialized exception when it could be serialized. The pool rebuilds the original
 * exception when its class exists here, else a {@link RemoteTraceback}: the remote stack trace is
 * never lost.
 */
record TaskFailure(String className, String message, String trace, byte[] serialized) implements Serializable {

    static TaskFailure of(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        byte[] serialized;
        try {
            serialized = StandardCodec.INSTANCE.encode(failure);
        } catch (RuntimeException notSerializable) {
            serialized = null;
        }
        return new TaskFailure(failure.getClass().getName(), String.valueOf(failure.getMessage()), trace.toString(), serialized);
    }

    byte[] encode() {
        return StandardCodec.INSTANCE.encode(this);
    }

    static TaskFailure decode(byte[] bytes, int offset, int length) {
        return (TaskFailure) StandardCodec.INSTANCE.decode(bytes, offset, length);
    }

    /** The original exception with its remote stack trace, or a {@link RemoteTraceback} standing in for it. */
    Throwable rebuild() {
        if (serialized != null) {
            try {
                Object decoded = StandardCodec.INSTANCE.decode(serialized);
                if (decoded instanceof Throwable) {
                    return (Throwable) decoded;
                }
            } catch (RuntimeException classMissingHere) {
                // fall back to the text
            }
        }
        return new RemoteTraceback(className, trace);
    }

    /** "java.lang.IllegalStateException: boom" */
    String summary() {
        return "null".equals(message) ? className : className + ": " + message;
    }
}
