package dev.multiproc;

/**
 * An exception thrown in another process, delivered to this one.
 *
 * <p>The cause is the original exception when its class exists here and it could be serialized
 * (its stack trace is then the remote one, frame for frame); otherwise a {@link RemoteTraceback}
 * that carries the remote class name and the whole remote stack trace as text. Either way, the
 * remote stack trace is never lost.
 *
 * <pre>{@code
 * ChildProcess p = new ChildProcess(() -> { throw new IllegalStateException("boom"); });
 * p.start();
 * p.join();
 * p.exitCode();                 // 1, as in Python
 * p.exception().getCause();     // the IllegalStateException("boom") with the child's stack trace
 * }</pre>
 */
public class RemoteException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    /** Fully qualified class name of the exception thrown remotely. */
    private final String remoteClassName;

    /**
     * Delivers an exception thrown in another process.
     *
     * @param message         what failed and where (the task or process, its pid), for the exception's message
     * @param remoteClassName fully qualified class name of the exception thrown remotely
     * @param cause           the original exception rebuilt here, or a {@link RemoteTraceback} that stands in for it
     */
    public RemoteException(String message, String remoteClassName, Throwable cause) {
        super(message, cause);
        this.remoteClassName = remoteClassName;
    }

    /**
     * Throws the original exception when it is a {@code type}: Python's {@code except type}. The
     * original carries the remote stack trace; this exception, which names the task or process,
     * stays its wrapper in logs that print both.
     *
     * <pre>{@code
     * try {
     *     pool.map(Files::size, paths);
     * } catch (RemoteException e) {
     *     e.rethrowIf(UncheckedIOException.class);   // handled by the caller like a local one
     *     throw e;
     * }
     * }</pre>
     *
     * @param <X>  the type of exception to rethrow
     * @param type the class the original exception is tested against, not {@code null}
     * @throws X the original exception, when it is an instance of {@code type}
     */
    public <X extends Throwable> void rethrowIf(Class<X> type) throws X {
        Throwable original = getCause();
        if (type.isInstance(original)) {
            throw type.cast(original);
        }
    }

    /**
     * The class name of the exception thrown remotely, whether or not its class exists here.
     *
     * @return the fully qualified name, e.g. {@code java.lang.IllegalStateException}
     */
    public String remoteClassName() {
        return remoteClassName;
    }
}
