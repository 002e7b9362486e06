package dev.multiproc.sync;

import dev.multiproc.MultiprocessingException;

/**
 * A {@link ProcessBarrier} is broken: it was aborted, reset while this party waited, a party timed
 * out, or the action failed. Python's {@code BrokenBarrierError}; unchecked, unlike
 * {@link java.util.concurrent.BrokenBarrierException}.
 */
public class BarrierBrokenException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a broken barrier to a party that waits or arrives.
     *
     * @param message which barrier and why it broke (abort, timeout, failed action), for the exception's message
     */
    public BarrierBrokenException(String message) {
        super(message);
    }
}
