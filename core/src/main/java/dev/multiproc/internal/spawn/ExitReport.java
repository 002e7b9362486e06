package dev.multiproc.internal.spawn;

/**
 * The child's last word over its control connection: the exit code it is about to exit with and,
 * on failure, the exception.
 *
 * @param exitCode   0, 1 after an uncaught exception, or the code of an explicit exit
 * @param failure    the encoded exception, or null when it could not be serialized or there was none
 * @param className  the exception's class name (null when none)
 * @param trace      the exception's stack trace as text (null when none)
 */
public record ExitReport(int exitCode, byte[] failure, String className, String trace) {
}
