package dev.multiproc.internal.shm;

/**
 * Which thread of this JVM last acquired a primitive by recovering it from a dead process, so that
 * {@code ownerDied()} answers for the calling thread's most recent acquire only.
 *
 * <p>Kept per JVM and region (in {@link Segment#local}); the fast path of an acquire reads one
 * volatile field and writes only when the flag was the caller's.
 */
public final class RecoveryFlag {
    private volatile Thread recoveredBy;

    /** Records the outcome of the calling thread's acquire. */
    public void acquired(boolean recovered) {
        if (recovered) {
            recoveredBy = Thread.currentThread();
        } else if (recoveredBy == Thread.currentThread()) {
            recoveredBy = null;
        }
    }

    /** True if the calling thread's most recent acquire recovered from a dead process. */
    public boolean isSetForCurrentThread() {
        return recoveredBy == Thread.currentThread();
    }
}
