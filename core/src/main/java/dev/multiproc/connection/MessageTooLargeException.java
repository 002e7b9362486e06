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

    public MessageTooLargeException(String what, long bytes, Throwable cause) {
        super(what + " needs " + (bytes < 0 ? "more than " + LIMIT : String.valueOf(bytes))
                + " bytes as one message, more than the limit of " + LIMIT + " bytes (2 GiB);"
                + " put data of this size in shared memory (SharedMemory, SharedLongArray, ...) and send"
                + " that, or split it into several messages", cause);
    }
}
