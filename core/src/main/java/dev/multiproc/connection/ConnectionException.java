package dev.multiproc.connection;

import dev.multiproc.MultiprocessingException;

/** A {@link Connection} failed: the peer went away, a frame was corrupt, or an I/O error occurred. */
public class ConnectionException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
