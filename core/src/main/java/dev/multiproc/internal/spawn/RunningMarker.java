package dev.multiproc.internal.spawn;

/**
 * The line a child writes on its stderr when it begins to run a request it read on stdin, and the
 * parent's filter that takes it out of the copied output and remembers that it came.
 *
 * <p>Why: such a child connects back only when it has something to say (see
 * {@link ParentLink#lazy}), so a child that exits without connecting may have run its process
 * and called {@code System.exit(1)}, or failed before its {@code main} (a bad JVM option, a missing
 * class: the JVM exits with status 1 as well). The marker tells the two apart at the cost of one
 * write, where calling back would cost the JVM's first Unix-domain socket and a handshake. The
 * JVM prints nothing of its own on stderr once {@code main} runs, and the JDK's launcher errors
 * come before it, so the marker is matched only at the start of a line, and only once.
 */
final class RunningMarker {
    private static final byte[] LINE = {0, 'm', 'u', 'l', 't', 'i', 'p', 'r', 'o', 'c', ':', 'r', 'u', 'n', 0, '\n'};

    /** Written by the pump thread, read by the watcher once the pump is done. */
    private volatile boolean seen;
    private boolean atLineStart = true;
    private int matched;

    /** Writes the marker; called once by the child, before anything of the process can print. */
    static void write() {
        System.err.write(LINE, 0, LINE.length);
        System.err.flush();
    }

    /** True once the marker has gone through this filter; the stream needs no filtering after that. */
    boolean seen() {
        return seen;
    }

    /** How many bytes {@link #filter} may write for {@code n} read. */
    static int room(int n) {
        return n + LINE.length;
    }

    /**
     * Copies {@code n} bytes of {@code in} to {@code out} without the marker, holding back a partial
     * match until it is decided; returns the number of bytes written.
     */
    int filter(byte[] in, int n, byte[] out) {
        if (seen) {
            System.arraycopy(in, 0, out, 0, n); // only the first marker is taken out
            return n;
        }
        int o = 0;
        for (int i = 0; i < n; i++) {
            byte b = in[i];
            if (matched > 0 || atLineStart) {
                if (b == LINE[matched]) {
                    if (++matched == LINE.length) {
                        matched = 0;
                        seen = true;
                        System.arraycopy(in, i + 1, out, o, n - i - 1);
                        return o + n - i - 1;
                    }
                    continue;
                }
                o = release(out, o);
            }
            out[o++] = b;
            atLineStart = b == '\n';
        }
        return o;
    }

    /** At the end of the stream: the bytes of a partial match, which were output after all. */
    int finish(byte[] out) {
        return release(out, 0);
    }

    private int release(byte[] out, int o) {
        System.arraycopy(LINE, 0, out, o, matched);
        o += matched;
        matched = 0;
        atLineStart = false;
        return o;
    }
}
