package dev.multiproc;

/**
 * Base of every exception multiproc throws for a failure between processes.
 *
 * <p>Unchecked, like Python's {@code multiprocessing} errors: a blocking call that fails across a
 * process boundary cannot be handled more usefully by forcing a {@code throws} clause on every
 * caller. Subclasses name the failure ({@link RemoteException}, {@link ProcessStartException},
 * {@link SerializationException}, {@link dev.multiproc.connection.AuthenticationException}, ...).
 */
public class MultiprocessingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a failure of the library.
     *
     * @param message what went wrong, for the exception's message
     */
    public MultiprocessingException(String message) {
        super(message);
    }

    /**
     * Reports a failure of the library and the failure beneath it.
     *
     * @param message what went wrong, for the exception's message
     * @param cause   the underlying failure; may be null
     */
    public MultiprocessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
