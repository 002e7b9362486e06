package dev.multiproc.spi;

/**
 * An input iterator that can say whether its next item is there yet, for inputs fed by another
 * thread (a Kotlin {@code Flow}): the dispatcher reads it only when it is ready, so that waiting
 * for the producer never holds up the other jobs of the pool.
 *
 * <pre>{@code
 * class Feed implements Iterator<Object>, ReadyInput { ... }
 * pool.imap(fn, () -> feed, options);   // the dispatcher calls hasNext()/next() only when ready()
 * }</pre>
 */
public interface ReadyInput {
    /**
     * Whether the next read answers at once.
     *
     * @return true when {@code hasNext()} (and {@code next()} after it) will answer without blocking
     */
    boolean ready();

    /**
     * Registers what to call each time {@link #ready()} may have become true (an item or the end
     * arrived). The pool registers once, when the job is submitted; {@code wake} is cheap and
     * safe to call from any thread.
     *
     * @param wake what to call
     */
    void onReady(Runnable wake);
}
