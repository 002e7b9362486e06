package dev.multiproc.queue;

import dev.multiproc.MultiprocessingException;

/** Python's {@code queue.Empty}: a get that may not wait (or waited its timeout) found no item. */
public class QueueEmptyException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a queue that stayed empty.
     *
     * @param message which queue and what happened, for the exception's message
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
