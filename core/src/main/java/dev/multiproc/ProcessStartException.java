package dev.multiproc;

/**
 * A child JVM could not be started, or exited before it was ready to run its target (a bad JVM
 * option, a missing main class, a classpath it cannot read).
 *
 * <p>The message carries the child's exit status and the tail of what it printed on stderr, so the
 * cause is visible at the caller without hunting through logs.
 */
public class ProcessStartException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a child that did not start.
     *
     * @param message what went wrong, for the exception's message
     */
    public ProcessStartException(String message) {
        super(message);
    }

    /**
     * Reports a child that did not start and the failure beneath it.
     *
     * @param message what went wrong, for the exception's message
     * @param cause   the underlying failure, such as the {@code IOException} of launching {@code java}; may be null
     */
    public ProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
