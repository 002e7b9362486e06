package dev.multiproc.connection;

/**
 * The peer closed its end (or its process exited) and nothing is left to receive: Python's
 * {@code EOFError} from {@code Connection.recv()}.
 */
public class ConnectionClosedException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a closed connection.
     *
     * @param message what failed, for the exception's message
     */
    public ConnectionClosedException(String message) {
        super(message);
    }
}
