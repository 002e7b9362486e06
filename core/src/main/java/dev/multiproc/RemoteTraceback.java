package dev.multiproc;

/**
 * Stands in for a remote exception that could not be rebuilt in this process (its class is
 * missing here, or it was not serializable). The message is the remote stack trace as text, like
 * Python's {@code concurrent.futures.process._RemoteTraceback}.
 */
public class RemoteTraceback extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    /** Fully qualified class name of the exception thrown remotely. */
    private final String remoteClassName;

    /**
     * Stands in for a remote exception; it has no local stack trace of its own.
     *
     * @param remoteClassName  fully qualified class name of the exception thrown remotely
     * @param remoteStackTrace the remote stack trace as printed there, with causes; the message quotes it
     */
    public RemoteTraceback(String remoteClassName, String remoteStackTrace) {
        super("\n\"\"\"\n" + remoteStackTrace.stripTrailing() + "\n\"\"\"");
        this.remoteClassName = remoteClassName;
        setStackTrace(new StackTraceElement[0]);
    }

    /**
     * The class name of the exception thrown remotely.
     *
     * @return the fully qualified name, e.g. {@code com.example.MissingHereException}
     */
    public String remoteClassName() {
        return remoteClassName;
    }
}
