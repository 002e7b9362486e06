package dev.multiproc.internal.shm;

/**
 * The layout of an event's region (64 bytes).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     flag: 1 set, 0 clear                      |  0
 *  +---------------------------------------------------------------+
 *  |                       reserved, 60 bytes                      |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * No lock: the flag is the whole state, written with release and read with acquire semantics,
 * so what a process wrote before {@code set()} is visible to a process that saw the flag set.
 */
public final class EventDescriptor {
    public static final int FLAG_OFFSET = 0;
    public static final int LENGTH = 64;

    private EventDescriptor() {
    }
}
