package dev.multiproc.queue;

import dev.multiproc.MultiprocessingException;

/** Python's {@code queue.Full}: a put on a bounded queue that may not wait (or waited its timeout) found no room. */
public class QueueFullException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a bounded queue that stayed full.
     *
     * @param message which queue and what happened, for the exception's message
     */
    public QueueFullException(String message) {
        super(message);
    }
}
