package dev.multiproc.connection;

import dev.multiproc.MultiprocessingException;

/**
 * A message is too large to send as one message: its encoding would exceed the largest message a
 * connection, queue or pool carries ({@link #LIMIT} bytes, what one Java array holds). Thrown by the
 * sender before anything is written, so the connection stays usable.
 *
 * <p>Data of that size belongs in shared memory, which processes map instead of copying:
 * {@link dev.multiproc.shared.SharedMemory} (any size; blocks over 2 GiB are read in windows) or the
 * shared arrays of {@code dev.multiproc.shared}. Or split it into several messages.
 *
 * <pre>{@code
 * try (SharedMemory block = SharedMemory.create(8L * values.length)) {
 *     block.buffer().asLongBuffer().put(values);     // up to 2 GiB per window
 *     connection.send(block);                         // sends the name, not the bytes
 * }
 * }</pre>
 */
public class MessageTooLargeException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    /** The largest message, in bytes: the most one Java array can hold. */
    public static final long LIMIT = Integer.MAX_VALUE - 16;

    /**
     * Reports an object or byte message too large to travel as one message.
     *
     * @param what  what was being sent, for the message (for example "a long[1000]")
     * @param bytes its size in bytes, or a negative number when it is known only to exceed {@link #LIMIT}
     * @param cause the failure that revealed the size, such as the {@code OutOfMemoryError} of a buffer that outgrew one array; may be null
     */
    public MessageTooLargeException(String what, long bytes, Throwable cause) {
        super(what + " needs " + (bytes < 0 ? "more than " + LIMIT : String.valueOf(bytes))
                + " bytes as one message, more than the limit of " + LIMIT + " bytes (2 GiB);"
                + " put data of this size in shared memory (SharedMemory, SharedLongArray, ...) and send"
                + " that, or split it into several messages", cause);
    }
}
