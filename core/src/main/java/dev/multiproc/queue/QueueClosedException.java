package dev.multiproc.queue;

import dev.multiproc.MultiprocessingException;

/**
 * The queue cannot be used from this process any more: this handle was closed (Python raises
 * {@code ValueError: Queue is closed}), or the process that owns the queue exited; the message
 * says which, e.g. {@code "queue closed: queue 3 of process 4121 is gone because its owner,
 * process 4121, exited"}.
 */
public class QueueClosedException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a call on a closed queue handle.
     *
     * @param message which queue and what happened, for the exception's message
     */
    public QueueClosedException(String message) {
        super(message);
    }
}
