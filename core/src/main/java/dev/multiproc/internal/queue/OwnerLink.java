package dev.multiproc.internal.queue;

/**
 * What the parts of a {@link RemoteQueue} ({@link PendingReplies}, {@link Prefetch}) need from
 * its connection to the owner: to send a request, to learn that no answer can come any more, and
 * to wait for the reader thread to deliver something.
 */
interface OwnerLink {
    /** Throws {@code QueueClosedException} when the handle is closed or the connection lost. */
    void checkAlive(String operation);

    /**
     * Under the handle's lock: sends a frame that carries no items, after everything this handle
     * sent before it. The lock is let go while the frame is written, so that the reader thread can
     * deliver what arrives meanwhile; the caller holds it again on return.
     */
    void send(byte[] frame);

    /**
     * Under the handle's lock: waits up to {@code nanos} (negative: until signalled) for items,
     * an answer, or the end of the connection.
     */
    void awaitChange(long nanos, String operation);
}
