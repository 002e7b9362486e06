package dev.multiproc.internal.spawn;

/**
 * Thrown by code running in a child JVM that finds the process (or the pool) it serves gone: a
 * pool worker whose pool closed, or whose parent exited, while the worker was still starting.
 * The child then exits at once, as an orphan does, printing nothing: nobody is left to read it,
 * and a parent that exits without closing its pool should exit as quietly as it would with it.
 *
 * <pre>{@code
 * if (!Files.exists(poolSocket)) {
 *     throw new ParentGone("pool " + poolSocket + " is gone");
 * }
 * }</pre>
 */
public final class ParentGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ParentGone(String message, Throwable cause) {
        super(message, cause);
    }
}
