package dev.multiproc.connection;

/**
 * The peer did not prove it holds the authentication key (or refused ours). Raised by the HMAC
 * handshake, before a single byte of the peer's data is deserialized: Python's
 * {@code multiprocessing.AuthenticationError}.
 */
public class AuthenticationException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a failed handshake.
     *
     * @param message what failed, for the exception's message
     */
    public AuthenticationException(String message) {
        super(message);
    }
}
