package dev.multiproc.connection;

/**
 * A frame arrived with an impossible or oversized length, or ended in the middle. The connection is
 * closed, since nothing after a corrupt frame can be trusted; other connections are unaffected.
 */
public class CorruptFrameException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a frame that cannot be read.
     *
     * @param message what failed, for the exception's message
     */
    public CorruptFrameException(String message) {
        super(message);
    }
}
