package dev.multiproc.internal.shm;

import java.nio.ByteBuffer;

/**
 * Which processes are waiting on a condition variable, and how many of their threads: the part of
 * a {@link ConditionDescriptor} region that lets a process killed while waiting be taken out of the
 * count, so that {@code getWaitQueueLength()} does not count it and no signal is spent on it.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |  row 0: ProcessToken (0 = free)                               |  0
 *  +---------------------------------------------------------------+
 *  |  row 0: threads of that process waiting now                   |  8
 *  +---------------------------------------------------------------+
 *  |                  rows 1 .. ROWS-1, 16 bytes each              | 16
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Every method runs under the condition's guard. A process claims a row on its first wait and
 * keeps it; with more than {@link #ROWS} processes waiting at once, the extra ones go untracked.
 */
public final class WaiterTable {
    public static final int ROWS = 64;
    public static final int ROW_LENGTH = 16;
    public static final int LENGTH = ROWS * ROW_LENGTH;
    /** Row index of a process that found no free row. */
    public static final int UNTRACKED = -1;

    private WaiterTable() {
    }

    /** This process's row, claimed now if it has none ({@link #UNTRACKED} when the table is full). */
    public static int claim(ByteBuffer buffer, int table) {
        long self = ProcessToken.current();
        int free = UNTRACKED;
        for (int row = 0; row < ROWS; row++) {
            long token = (long) Memory.LONG.getVolatile(buffer, table + row * ROW_LENGTH);
            if (token == self) {
                return row;
            }
            if (free == UNTRACKED && (token == ProcessToken.NONE || !ProcessToken.isAlive(token)
                    && waiting(buffer, table, row) == 0)) {
                free = row;
            }
        }
        if (free != UNTRACKED) {
            Memory.LONG.setVolatile(buffer, table + free * ROW_LENGTH, self);
            Memory.LONG.setVolatile(buffer, table + free * ROW_LENGTH + 8, 0L);
        }
        return free;
    }

    /** Adds {@code delta} to the waiters of {@code row}. */
    public static void add(ByteBuffer buffer, int table, int row, long delta) {
        if (row != UNTRACKED) {
            Memory.LONG.getAndAdd(buffer, table + row * ROW_LENGTH + 8, delta);
        }
    }

    /** Sets every row's count to 0: a broadcast woke everyone. */
    public static void clearCounts(ByteBuffer buffer, int table) {
        for (int row = 0; row < ROWS; row++) {
            Memory.LONG.setVolatile(buffer, table + row * ROW_LENGTH + 8, 0L);
        }
    }

    /**
     * Frees the rows of processes that died with threads waiting.
     *
     * @return how many waits those processes left behind
     */
    public static long removeDead(ByteBuffer buffer, int table) {
        long waits = 0;
        for (int row = 0; row < ROWS; row++) {
            long count = waiting(buffer, table, row);
            if (count <= 0) {
                continue;
            }
            long token = (long) Memory.LONG.getVolatile(buffer, table + row * ROW_LENGTH);
            if (token != ProcessToken.NONE && token != ProcessToken.current() && !ProcessToken.isAlive(token)) {
                waits += count;
                Memory.LONG.setVolatile(buffer, table + row * ROW_LENGTH + 8, 0L);
                Memory.LONG.setVolatile(buffer, table + row * ROW_LENGTH, ProcessToken.NONE);
            }
        }
        return waits;
    }

    private static long waiting(ByteBuffer buffer, int table, int row) {
        return (long) Memory.LONG.getVolatile(buffer, table + row * ROW_LENGTH + 8);
    }
}
