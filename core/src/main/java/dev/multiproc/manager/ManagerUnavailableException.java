package dev.multiproc.manager;

import dev.multiproc.MultiprocessingException;

/**
 * A proxy's manager cannot be reached: its process died or was shut down, or nothing listens at
 * its address. Thrown at once by every call of every proxy of that manager, including calls
 * already waiting on the server (a {@code take()}, a {@code lock()}); the message names the
 * manager and its address.
 *
 * <pre>{@code
 * try {
 *     map.put("k", 1);
 * } catch (ManagerUnavailableException e) {
 *     System.err.println(e.getMessage());   // manager 'Manager-1' (pid 4121) at unix:/tmp/... is unavailable: ...
 * }
 * }</pre>
 */
public class ManagerUnavailableException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    /** The manager's description: its name, pid and address. */
    private final String manager;

    /**
     * Reports a manager that cannot be reached.
     *
     * @param manager the manager's description: its name, pid and address
     * @param message what failed, for the exception's message
     * @param cause   the connection failure beneath it; may be null
     */
    public ManagerUnavailableException(String manager, String message, Throwable cause) {
        super(message, cause);
        this.manager = manager;
    }

    /**
     * The manager that cannot be reached.
     *
     * @return its description: its name, pid and address, e.g. {@code manager 'Manager-1' (pid 4121) at unix:/tmp/...}
     */
    public String manager() {
        return manager;
    }
}
