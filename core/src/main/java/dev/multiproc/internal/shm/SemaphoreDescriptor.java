package dev.multiproc.internal.shm;

/**
 * The layout of a semaphore's region: the count, its bound, and a table of which process holds
 * how many permits, so that permits held by a killed process can be given back. How the count and
 * the table change together is {@link SemaphoreWord}'s.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |   state: version (24 bits) | journal row (8 bits, 255 none)   |  0
 *  |          | count: permits available (32 bits)                 |
 *  +---------------------------------------------------------------+
 *  |         bound: highest value (bounded), -1 (unbounded)        |  8
 *  +---------------------------------------------------------------+
 *  |                       reserved, 4 bytes                       | 12
 *  +---------------------------------------------------------------+
 *  |       recoveries: permits given back from dead processes      | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       reserved, 40 bytes                      | 24
 *  +---------------------------------------------------------------+
 *  |  holder 0: ProcessToken (0 = free slot, -1 = being recovered) | 64
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  holder 0: pending change (32 bits: take/release | version)   | 72
 *  |          | permits acquired and not released (32 bits)        |
 *  +---------------------------------------------------------------+
 *  |                 holders 1 .. SLOTS-1, 16 bytes each           | 80
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A process claims a slot on its first acquire (CAS of the token from 0). Its releases first pay
 * back what it holds; a release beyond that (a producer signalling a consumer) leaves the table
 * alone. With more than {@link #SLOTS} processes acquiring, the extra ones go untracked: their
 * permits are not recovered if they die.
 */
public final class SemaphoreDescriptor {
    public static final int STATE_OFFSET = 0;
    public static final int BOUND_OFFSET = 8;
    public static final int RECOVERIES_OFFSET = 16;
    public static final int SLOTS_OFFSET = 64;
    public static final int SLOTS = 128;
    public static final int SLOT_LENGTH = 16;
    public static final int SLOT_RECORD_OFFSET = 8;
    public static final int LENGTH = SLOTS_OFFSET + SLOTS * SLOT_LENGTH;
    /** The token of a slot whose dead holder is being recovered. */
    public static final long RECOVERING = -1L;

    private SemaphoreDescriptor() {
    }

    /** Offset, from the region, of slot {@code i}'s token. */
    public static int slot(int i) {
        return SLOTS_OFFSET + i * SLOT_LENGTH;
    }
}
