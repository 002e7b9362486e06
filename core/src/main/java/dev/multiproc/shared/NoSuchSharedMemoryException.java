package dev.multiproc.shared;

import dev.multiproc.MultiprocessingException;

/**
 * No shared memory block has this name (never created, or already unlinked): Python's
 * {@code FileNotFoundError} from {@code SharedMemory(name)} or a second {@code unlink()}.
 */
public class NoSuchSharedMemoryException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    public NoSuchSharedMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
