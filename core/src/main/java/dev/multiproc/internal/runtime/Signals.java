package dev.multiproc.internal.runtime;

/** POSIX signal names for messages: "SIGKILL" reads better than "-9", or than "status 137". */
public final class Signals {
    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};
    /** {@link Process#exitValue()} of a process ended by signal n is 128 + n. */
    private static final int SIGNALLED = 128;

    private Signals() {
    }

    public static String name(int signal) {
        return signal > 0 && signal < NAMES.length ? NAMES[signal] : "signal " + signal;
    }

    /** "was killed by SIGKILL" for status 137, "exited with status 3" for 3. */
    public static String describeExit(int status) {
        return status > SIGNALLED && status < SIGNALLED + 32
                ? "was killed by " + name(status - SIGNALLED)
                : "exited with status " + status;
    }
}
