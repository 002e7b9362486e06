package dev.multiproc.shared;

import dev.multiproc.MultiprocessingException;

/** {@link SharedMemory#create(String, long)} found the name taken: Python's {@code FileExistsError}. */
public class SharedMemoryExistsException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    public SharedMemoryExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
