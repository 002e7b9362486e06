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
    private final String manager;

    public ManagerUnavailableException(String manager, String message, Throwable cause) {
        super(message, cause);
        this.manager = manager;
    }

    /** The manager's description: its name, pid and address. */
    public String manager() {
        return manager;
    }
}
