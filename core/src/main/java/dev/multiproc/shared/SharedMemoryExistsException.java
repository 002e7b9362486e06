package dev.multiproc.shared;

import dev.multiproc.MultiprocessingException;

/** {@link SharedMemory#create(String, long)} found the name taken: Python's {@code FileExistsError}. */
public class SharedMemoryExistsException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a name already taken by another block.
     *
     * @param message the name and its file, for the exception's message
     * @param cause   the file system's {@code FileAlreadyExistsException}
     */
    public SharedMemoryExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
