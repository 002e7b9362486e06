package dev.multiproc;

/**
 * Stands in for a remote exception that could not be rebuilt in this process (its class is
 * missing here, or it was not serializable). The message is the remote stack trace as text, like
 * Python's {@code concurrent.futures.process._RemoteTraceback}.
 */
public class RemoteTraceback extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    private final String remoteClassName;

    public RemoteTraceback(String remoteClassName, String remoteStackTrace) {
        super("\n\"\"\"\n" + remoteStackTrace.stripTrailing() + "\n\"\"\"");
        this.remoteClassName = remoteClassName;
        setStackTrace(new StackTraceElement[0]);
    }

    /** The class name of the exception thrown remotely. */
    public String remoteClassName() {
        return remoteClassName;
    }
}
