package dev.multiproc;

/**
 * An object that has to cross a process boundary cannot be serialized or deserialized.
 *
 * <p>Thrown in the caller, before anything is sent or spawned. The message names the class that
 * failed and the path of fields that leads to it from the object handed to multiproc, e.g.
 * {@code "cannot serialize the target of Process-1: java.lang.Thread is not Serializable,
 * reached by ChildProcess.target -> lambda Demo.lambda$main$0 captured arg 0"}.
 */
public class SerializationException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports an object that could not be serialized or deserialized.
     *
     * @param message what could not be sent and why, for the exception's message
     * @param cause   the serialization failure beneath it, such as a {@code NotSerializableException}; may be null
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
