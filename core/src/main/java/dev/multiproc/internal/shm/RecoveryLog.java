package dev.multiproc.internal.shm;

/**
 * The warning logged when a primitive is recovered from a process that died holding it.
 *
 * <p>Why a holder class: {@code System.getLogger} initialises the JDK's logging (a
 * {@code LogManager}, its configuration and a cleaner thread), about 6 ms of a fresh child's CPU.
 * Held in a static field of the lock word, that cost was paid by every child at its first lock,
 * barrier or queue wait; recoveries are rare, so it is now paid by the first one.
 */
public final class RecoveryLog {
    private RecoveryLog() {
    }

    /** Logs {@code message} (a {@link java.text.MessageFormat} pattern) as a warning. */
    public static void warn(String message, Object... args) {
        Holder.LOG.log(System.Logger.Level.WARNING, message, args);
    }

    private static final class Holder {
        static final System.Logger LOG = System.getLogger("dev.multiproc.sync");
    }
}
