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

    public MultiprocessingException(String message) {
        super(message);
    }

    public MultiprocessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
