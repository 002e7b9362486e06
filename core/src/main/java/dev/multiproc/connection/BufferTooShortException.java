package dev.multiproc.connection;

/**
 * {@link Connection#recvBytesInto(byte[], int)} was given a buffer too small for the message.
 * The message is not lost: {@link #message()} holds it whole, as Python's {@code BufferTooShort}
 * does.
 */
public class BufferTooShortException extends ConnectionException {
    private static final long serialVersionUID = 1L;
    private final byte[] message;

    public BufferTooShortException(byte[] message, int available) {
        super("buffer too short: the message has " + message.length + " bytes, the buffer has room for " + available);
        this.message = message;
    }

    /** The complete message that did not fit. */
    public byte[] message() {
        return message.clone();
    }
}
