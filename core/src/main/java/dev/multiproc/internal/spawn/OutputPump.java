package dev.multiproc.internal.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Copies a child's stdout or stderr to this JVM's {@code System.out}/{@code System.err}.
 *
 * <p>Why not inherit the file descriptor: piping lets the child's output follow wherever the parent
 * sends its own (a redirected {@code System.out}, a test's capture), optionally line-prefixed with
 * the child's name; and it keeps the last few KiB, so a child JVM that dies before it is ready
 * ({@code Unrecognized option}, a missing class) can be explained in the exception.
 */
final class OutputPump implements Runnable {
    private static final int TAIL = 8 * 1024;

    private final InputStream source;
    private final Supplier<PrintStream> sink;
    private final byte[] tail = new byte[TAIL];
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final RunningMarker marker;
    /** Null for stdout: children forward log records on stderr only. */
    private final ForwardedRecords records;
    private volatile String prefix;
    private int tailLength;
    private boolean atLineStart = true;

    OutputPump(InputStream source, Supplier<PrintStream> sink, String prefix, RunningMarker marker,
               ForwardedRecords records) {
        this.source = source;
        this.sink = sink;
        this.prefix = prefix;
        this.marker = marker;
        this.records = records;
    }

    /**
     * Starts copying on a thread of its own; a non-null {@code marker} is taken out of the output,
     * and so are the log records a non-null {@code records} logs.
     */
    static OutputPump start(InputStream source, Supplier<PrintStream> sink, String prefix, RunningMarker marker,
                            ForwardedRecords records, String threadName) {
        OutputPump pump = new OutputPump(source, sink, prefix, marker, records);
        Thread thread = new Thread(pump, threadName);
        thread.setDaemon(true);
        thread.start();
        return pump;
    }

    /** Sets the line prefix (null for none), e.g. once a standby child learns its name. */
    void prefix(String linePrefix) {
        this.prefix = linePrefix;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** The last bytes the child wrote, as text. */
    synchronized String tail() {
        return new String(tail, 0, tailLength, StandardCharsets.UTF_8).strip();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        byte[] filtered = marker == null ? null : new byte[RunningMarker.room(buffer.length)];
        try {
            int n;
            while ((n = source.read(buffer)) > 0) {
                if (marker != null && !marker.seen()) {
                    pass(filtered, marker.filter(buffer, n, filtered));
                } else {
                    pass(buffer, n);
                }
            }
        } catch (IOException ignored) {
            // the child is gone; nothing more to copy
        } finally {
            if (marker != null) {
                pass(filtered, marker.finish(filtered));
            }
            sink.get().flush();
            done.complete(null);
        }
    }

    private void pass(byte[] bytes, int count) {
        int n = records == null ? count : records.filter(bytes, count);
        if (n > 0) {
            remember(bytes, n);
            write(bytes, n);
        }
    }

    private synchronized void remember(byte[] buffer, int n) {
        if (n >= TAIL) {
            System.arraycopy(buffer, n - TAIL, tail, 0, TAIL);
            tailLength = TAIL;
            return;
        }
        int keep = Math.min(tailLength, TAIL - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(buffer, 0, tail, keep, n);
        tailLength = keep + n;
    }

    private void write(byte[] buffer, int n) {
        PrintStream out = sink.get();
        String linePrefix = prefix;
        if (linePrefix == null) {
            out.write(buffer, 0, n);
            out.flush();
            return;
        }
        byte[] prefixBytes = linePrefix.getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (atLineStart) {
                    out.write(prefixBytes, 0, prefixBytes.length);
                    atLineStart = false;
                }
                if (buffer[i] == '\n') {
                    out.write(buffer, start, i + 1 - start);
                    start = i + 1;
                    atLineStart = true;
                }
            }
            out.write(buffer, start, n - start);
            out.flush();
        }
    }
}
