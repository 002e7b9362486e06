package dev.multiproc;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.spawn.ExitReport;

/** Rebuilds a child's exception in the parent. */
final class Failures {
    private Failures() {
    }

    static RemoteException remote(String processName, long pid, ExitReport report) {
        Throwable cause = null;
        if (report.failure() != null) {
            try {
                Object decoded = StandardCodec.INSTANCE.decode(report.failure());
                if (decoded instanceof Throwable) {
                    cause = (Throwable) decoded;
                }
            } catch (RuntimeException classMissingHere) {
                // fall back to the text of the remote stack trace
            }
        }
        if (cause == null) {
            cause = new RemoteTraceback(report.className(), report.trace());
        }
        String message = cause instanceof RemoteTraceback ? report.className() : String.valueOf(cause);
        return new RemoteException(processName + " (pid " + pid + ") failed with " + message, report.className(), cause);
    }
}
