package dev.multiproc.internal.spawn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Sends a child JVM's log records to its parent, which logs them through its own loggers (see
 * {@link ForwardedRecords}), tagged with the child's name and pid: a program configures logging
 * once, in the process it starts, as it does for the children's stdout and stderr.
 *
 * <p>How: a child is started with {@code -Djava.util.logging.config.class} naming this class
 * (unless its options configure java.util.logging themselves), so the JDK's logging, which
 * backs {@code System.Logger} by default, is set up by it the first time the child logs, and
 * never in a child that does not: its only handler, {@link ToParent}, writes each record on
 * stderr as one marked line that the parent takes out of the output. The level is INFO, or
 * {@code -Dmultiproc.childLogLevel} (a java.util.logging level name). A child that uses another
 * logging back-end logs as that back-end says; its output reaches the parent as usual.
 *
 * <pre>
 *   \u001Emultiproc-log TAB level TAB logger name TAB message and stack trace (\ and newlines escaped) LF
 * </pre>
 */
public final class ChildLogForwarding {
    /** The first bytes of a forwarded record's line; no ordinary output starts with this control character. */
    static final String MARK = "\u001Emultiproc-log\t";

    /** Called by java.util.logging's {@code LogManager} when it first initialises. */
    public ChildLogForwarding() throws IOException {
        String level = System.getProperty("multiproc.childLogLevel", "INFO");
        String config = "handlers=" + ToParent.class.getName() + "\n.level=" + level + "\n";
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    }

    /** The JVM option that makes a child forward its records, or null when {@code jvmOptions} configure logging. */
    static String optionFor(Iterable<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.startsWith("-Djava.util.logging.config.")) {
                return null;
            }
        }
        return "-Djava.util.logging.config.class=" + ChildLogForwarding.class.getName();
    }

    /** The root handler of a forwarding child. */
    public static final class ToParent extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record == null || !isLoggable(record)) {
                return;
            }
            String message = formatter.formatMessage(record);
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                message = message + "\n" + trace.toString().stripTrailing();
            }
            String line = MARK + systemLevel(record.getLevel()).getName() + "\t" + record.getLoggerName() + "\t"
                    + escape(message) + "\n";
            PrintStream err = System.err;
            synchronized (err) {
                err.print(line);
                err.flush();
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    static System.Logger.Level systemLevel(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return System.Logger.Level.ERROR;
        }
        if (value >= Level.WARNING.intValue()) {
            return System.Logger.Level.WARNING;
        }
        if (value >= Level.INFO.intValue()) {
            return System.Logger.Level.INFO;
        }
        return value >= Level.FINE.intValue() ? System.Logger.Level.DEBUG : System.Logger.Level.TRACE;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
