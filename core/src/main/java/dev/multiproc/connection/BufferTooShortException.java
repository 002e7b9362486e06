package dev.multiproc.connection;

/**
 * {@link Connection#recvBytesInto(byte[], int)} was given a buffer too small for the message.
 * The message is not lost: {@link #message()} holds it whole, as Python's {@code BufferTooShort}
 * does.
 */
public class BufferTooShortException extends ConnectionException {
    private static final long serialVersionUID = 1L;
    /** The whole message that was received; kept so that it is not lost. */
    private final byte[] message;

    /**
     * Reports a message longer than the room left in the caller's buffer.
     *
     * @param message   the whole message received, kept (not copied) for {@link #message()}
     * @param available how many bytes the buffer had room for from the offset given
     */
    public BufferTooShortException(byte[] message, int available) {
        super("buffer too short: the message has " + message.length + " bytes, the buffer has room for " + available);
        this.message = message;
    }

    /**
     * The complete message that did not fit.
     *
     * @return a copy of the message's bytes, so that it can be handled with a bigger buffer
     */
    public byte[] message() {
        return message.clone();
    }
}
