package dev.multiproc.internal.shm;

import java.nio.ByteBuffer;

/**
 * Operations on a {@link SemaphoreDescriptor} region: the count and the holder table move together,
 * so that a process killed at any instruction never loses a permit nor creates one.
 *
 * <p>Taking a permit is two writes in two places (the count, the taker's row of the table), which
 * no CAS covers at once. So the count's word also names, in its journal field, the row whose
 * change is not recorded yet, and that row carries the version of the count's word it belongs to:
 * <ol>
 *   <li>the taker writes "pending: take at version v+1" in its row;</li>
 *   <li>it CASes the count's word from (v, ..., c) to (v+1, its row, c-1);</li>
 *   <li>it commits: one CAS of its row from (pending, held) to (none, held+1).</li>
 * </ol>
 * Whoever moves the count's word on from a version whose journal names a row with that version
 * pending commits that row first (one CAS, which only one process can win). So a row's pending
 * change is either committed or visible in the count's word; a recoverer that finds neither knows
 * the change never happened. A release that pays back a holding runs the same steps with
 * "pending: release". Releases beyond what a process holds, and processes without a row, change
 * the count alone. The version has 24 bits: a process would have to stall between steps 1 and 2
 * while 16 million other changes happen for a stale CAS to succeed.
 */
public final class SemaphoreWord {
    /** Journal value: no row pending. */
    private static final int NO_ROW = 0xff;
    private static final long VERSION_MASK = 0xff_ffffL;
    private static final long TAKE = 1L << 30;
    private static final long RELEASE = 1L << 31;

    private SemaphoreWord() {
    }

    /** Permits available now. */
    public static int count(ByteBuffer buffer, int region) {
        return (int) state(buffer, region);
    }

    /** Writes the initial count; the table starts empty. */
    public static void init(ByteBuffer buffer, int region, int permits) {
        Memory.LONG.setVolatile(buffer, region + SemaphoreDescriptor.STATE_OFFSET, pack(0, NO_ROW, permits));
    }

    /**
     * Takes a permit if one is available, recording it in {@code row} (negative: untracked).
     *
     * @return false when none is available
     */
    public static boolean tryTake(ByteBuffer buffer, int region, int row) {
        while (true) {
            long s = settled(buffer, region);
            int c = (int) s;
            if (c <= 0) {
                return false;
            }
            if (change(buffer, region, s, row, TAKE, c - 1)) {
                return true;
            }
        }
    }

    /**
     * Adds a permit; when {@code row} holds permits, pays one of them back in the same step.
     *
     * @return false when the count is at {@code bound} (non-negative: bounded), nothing changed
     */
    public static boolean release(ByteBuffer buffer, int region, int row, int bound) {
        while (true) {
            long s = settled(buffer, region);
            int c = (int) s;
            if (bound >= 0 && c >= bound) {
                return false;
            }
            boolean paysBack = row >= 0 && held(record(buffer, region, row)) > 0;
            if (change(buffer, region, s, paysBack ? row : -1, RELEASE, c + 1)) {
                return true;
            }
        }
    }

    /** Permits {@code row} holds (taken and not released), as last committed. */
    public static long held(ByteBuffer buffer, int region, int row) {
        return held(record(buffer, region, row));
    }

    /**
     * Empties the row of a dead process (the caller has made it exclusive by marking its token
     * {@link SemaphoreDescriptor#RECOVERING}) and gives its permits back, capped at {@code bound}.
     *
     * @return the permits given back
     */
    public static int recover(ByteBuffer buffer, int region, int row, int bound) {
        int at = recordOffset(region, row);
        long held;
        while (true) {
            long r = (long) Memory.LONG.getVolatile(buffer, at);
            long s = state(buffer, region);
            if (journal(s) == row && pendingMatches(r, s)) {
                commit(buffer, region, row, r);
                continue;
            }
            // neither committed nor in the count's word: the change it announced never happened
            if ((boolean) Memory.LONG.compareAndSet(buffer, at, r, 0L)) {
                held = held(r);
                break;
            }
        }
        int permits = (int) Math.min(Integer.MAX_VALUE, Math.max(0, held));
        if (permits > 0) {
            while (true) {
                long s = settled(buffer, region);
                long next = Math.min(bound >= 0 ? bound : Integer.MAX_VALUE, (long) (int) s + permits);
                if (change(buffer, region, s, -1, 0, (int) next)) {
                    break;
                }
            }
        }
        return permits;
    }

    /** One attempt to move the count's word from {@code s} to {@code count}, journaled for {@code row}. */
    private static boolean change(ByteBuffer buffer, int region, long s, int row, long kind, int count) {
        long version = (version(s) + 1) & VERSION_MASK;
        if (row < 0) {
            return (boolean) Memory.LONG.compareAndSet(buffer, region + SemaphoreDescriptor.STATE_OFFSET, s,
                    pack(version, NO_ROW, count));
        }
        int at = recordOffset(region, row);
        long held = held((long) Memory.LONG.getVolatile(buffer, at));
        long pending = kind | version;
        // only this process writes its own row's pending field; helpers commit it only once the
        // count's word names the row, which it does not yet
        Memory.LONG.setVolatile(buffer, at, record(pending, held));
        if ((boolean) Memory.LONG.compareAndSet(buffer, region + SemaphoreDescriptor.STATE_OFFSET, s,
                pack(version, row, count))) {
            commit(buffer, region, row, record(pending, held));
            return true;
        }
        Memory.LONG.compareAndSet(buffer, at, record(pending, held), record(0, held));
        return false;
    }

    /** The count's word, after committing the row it names if that row's change is still pending. */
    private static long settled(ByteBuffer buffer, int region) {
        long s = state(buffer, region);
        int row = journal(s);
        if (row != NO_ROW) {
            long r = record(buffer, region, row);
            if (pendingMatches(r, s)) {
                commit(buffer, region, row, r);
            }
        }
        return s;
    }

    /** Records the pending change of {@code row} read as {@code r}; a no-op if someone else did. */
    private static void commit(ByteBuffer buffer, int region, int row, long r) {
        long delta = (pending(r) & RELEASE) != 0 ? -1 : 1;
        Memory.LONG.compareAndSet(buffer, recordOffset(region, row), r, record(0, Math.max(0, held(r) + delta)));
    }

    private static boolean pendingMatches(long r, long s) {
        long pending = pending(r);
        return pending != 0 && (pending & VERSION_MASK) == version(s);
    }

    private static long state(ByteBuffer buffer, int region) {
        return (long) Memory.LONG.getVolatile(buffer, region + SemaphoreDescriptor.STATE_OFFSET);
    }

    private static long record(ByteBuffer buffer, int region, int row) {
        return (long) Memory.LONG.getVolatile(buffer, recordOffset(region, row));
    }

    private static int recordOffset(int region, int row) {
        return region + SemaphoreDescriptor.slot(row) + SemaphoreDescriptor.SLOT_RECORD_OFFSET;
    }

    private static long pack(long version, int row, int count) {
        return (version << 40) | ((long) row << 32) | (count & 0xffff_ffffL);
    }

    private static long version(long s) {
        return s >>> 40;
    }

    private static int journal(long s) {
        return (int) (s >>> 32) & 0xff;
    }

    private static long record(long pending, long held) {
        return (pending << 32) | (held & 0xffff_ffffL);
    }

    private static long pending(long r) {
        return r >>> 32;
    }

    private static long held(long r) {
        return r & 0xffff_ffffL;
    }
}
