package dev.multiproc.shared;

import dev.multiproc.MultiprocessingException;

/**
 * No shared memory block has this name (never created, or already unlinked): Python's
 * {@code FileNotFoundError} from {@code SharedMemory(name)} or a second {@code unlink()}.
 */
public class NoSuchSharedMemoryException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /**
     * Reports a name no existing block has.
     *
     * @param message the name and the file looked for, for the exception's message
     * @param cause   the file system's {@code NoSuchFileException}
     */
    public NoSuchSharedMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
