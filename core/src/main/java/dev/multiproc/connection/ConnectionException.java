package dev.multiproc.connection;

import dev.multiproc.MultiprocessingException;

/** A {@link Connection} failed: the peer went away, a frame was corrupt, or an I/O error occurred. */
public class ConnectionException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a failed connection operation.
     *
     * @param message what failed, for the exception's message
     */
    public ConnectionException(String message) {
        super(message);
    }

    /**
     * Reports a failed connection operation and the failure beneath it.
     *
     * @param message what failed, for the exception's message
     * @param cause   the underlying failure, usually an {@code IOException}; may be null
     */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
