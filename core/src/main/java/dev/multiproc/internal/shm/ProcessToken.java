package dev.multiproc.internal.shm;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A 64-bit name for a live process that stays unique when the kernel reuses its pid: the pid in the
 * low 32 bits, the low 32 bits of its start time (clock ticks after boot) in the high 32 bits.
 *
 * <p>Locks store the owner's token in one word, so ownership and identity change in a single CAS:
 * a waiter never sees an owner pid paired with another process's start time. A token whose pid
 * is gone, is a zombie, or now belongs to a process started at another time is dead.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    pid (bits 0..31)                           |
 *  +---------------------------------------------------------------+
 *  |             start time in ticks, low 32 bits                  |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class ProcessToken {
    /** No process: the value of a free lock word. */
    public static final long NONE = 0L;

    private static final long CURRENT = tokenOf(ProcessHandle.current().pid());

    private ProcessToken() {
    }

    /** This JVM's token. */
    public static long current() {
        return CURRENT;
    }

    /** The pid part of {@code token}. */
    public static long pid(long token) {
        return token & 0xffff_ffffL;
    }

    /** True unless the process named by {@code token} is known to be gone. */
    public static boolean isAlive(long token) {
        long pid = pid(token);
        if (token == CURRENT) {
            return true;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            long[] started = readStat(stat);
            if (started == null) {
                return false;
            }
            // started[0] is 1 for a zombie or dead entry: it holds nothing any more
            return started[0] == 0 && (int) started[1] == (int) (token >>> 32);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }

    private static long tokenOf(long pid) {
        long[] stat = readStat(Path.of("/proc", Long.toString(pid), "stat"));
        long start = stat == null ? 0 : stat[1];
        return ((start & 0xffff_ffffL) << 32) | (pid & 0xffff_ffffL);
    }

    /**
     * Reads {@code /proc/<pid>/stat}: {@code {deadOrZombie ? 1 : 0, starttime}}, or null when the
     * process does not exist. The command name (field 2) may hold spaces and parentheses, so fields
     * are counted from the last ')'.
     */
    private static long[] readStat(Path stat) {
        String text;
        // java.io, not Files.readAllBytes: NIO's file reads share IOUtil's compiled code with the
        // transport's socket reads, and this read (the first lock or barrier use in a process) made
        // a trained child's compiled socket reads deoptimise in the middle of its first messages
        try (FileInputStream in = new FileInputStream(stat.toFile())) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] fields = text.substring(close + 2).split(" ");
        // fields[0] is field 3 (state), fields[19] is field 22 (starttime)
        if (fields.length < 20) {
            return null;
        }
        char state = fields[0].isEmpty() ? '?' : fields[0].charAt(0);
        long dead = (state == 'Z' || state == 'X' || state == 'x') ? 1 : 0;
        try {
            return new long[] {dead, Long.parseLong(fields[19])};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
