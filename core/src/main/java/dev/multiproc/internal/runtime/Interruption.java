package dev.multiproc.internal.runtime;

import dev.multiproc.MultiprocessingException;

/**
 * The rule for the library's own blocking calls (Python's names and the {@code Duration}
 * overloads): an interrupt ends the wait with an unchecked {@link MultiprocessingException} whose
 * cause is the {@link InterruptedException}, and the thread's interrupt status stays set. Targets
 * and tasks are {@code Runnable}s and {@code Function}s, which cannot throw checked exceptions,
 * and they are where these calls are made. Methods of a {@code java.util.concurrent} interface
 * keep the interface's checked {@code InterruptedException}.
 */
public final class Interruption {
    private Interruption() {
    }

    /** A wait that may be interrupted. */
    @FunctionalInterface
    public interface Wait<T> {
        T await() throws InterruptedException;
    }

    /** Runs {@code wait}; an interrupt ends it as the rule says, naming {@code waitingOn}. */
    public static <T> T unchecked(Object waitingOn, Wait<T> wait) {
        try {
            return wait.await();
        } catch (InterruptedException e) {
            throw interrupted(waitingOn, e);
        }
    }

    /** The exception an interrupted wait on {@code waitingOn} throws; sets the interrupt status again. */
    public static MultiprocessingException interrupted(Object waitingOn, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new MultiprocessingException("interrupted while waiting for " + waitingOn, e);
    }
}
