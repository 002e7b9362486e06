package dev.multiproc.internal.spawn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Takes the log records a child forwards ({@link ChildLogForwarding}) out of its stderr and logs
 * each through this process's {@code System.Logger} of the same name, at the same level, its
 * message prefixed with {@code [name pid N]}: so an application's logging configuration (a
 * java.util.logging file, Logback through SLF4J's bridge) applies to its children's records too.
 *
 * <pre>{@code
 * int kept = records.filter(buffer, n);   // the rest of the output, compacted in place
 * }</pre>
 */
final class ForwardedRecords {
    private static final byte MARK = (byte) ChildLogForwarding.MARK.charAt(0);

    private final long pid;
    private volatile String name;
    private final ByteArrayOutputStream record = new ByteArrayOutputStream();
    private boolean inRecord;
    private boolean atLineStart = true;

    ForwardedRecords(long pid) {
        this.pid = pid;
    }

    /** The child's process name, once known (a standby child learns it with its work). */
    void name(String processName) {
        this.name = processName;
    }

    /** Logs the records in {@code buffer[0, n)} and moves the other bytes to its front; returns how many. */
    int filter(byte[] buffer, int n) {
        if (!inRecord && indexOfMark(buffer, n) < 0) {
            if (n > 0) {
                atLineStart = buffer[n - 1] == '\n';
            }
            return n;
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (inRecord) {
                if (b == '\n') {
                    log(record.toString(StandardCharsets.UTF_8));
                    record.reset();
                    inRecord = false;
                    atLineStart = true;
                } else {
                    record.write(b);
                }
            } else if (atLineStart && b == MARK) {
                inRecord = true;
            } else {
                buffer[kept++] = b;
                atLineStart = b == '\n';
            }
        }
        return kept;
    }

    private static int indexOfMark(byte[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            if (buffer[i] == MARK) {
                return i;
            }
        }
        return -1;
    }

    /** One record's line, without its first byte: "multiproc-log TAB level TAB logger TAB message". */
    private void log(String line) {
        String[] fields = line.split("\t", 4);
        if (fields.length < 4) {
            return; // not a record after all; a child writes nothing else starting with the mark
        }
        System.Logger.Level level;
        try {
            level = System.Logger.Level.valueOf(fields[1]);
        } catch (IllegalArgumentException e) {
            level = System.Logger.Level.INFO;
        }
        String processName = name;
        String tag = "[" + (processName == null ? "child" : processName) + " pid " + pid + "] ";
        System.getLogger(fields[2]).log(level, tag + ChildLogForwarding.unescape(fields[3]));
    }
}
