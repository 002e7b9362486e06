package dev.multiproc.internal.shm;

/**
 * The layout of a lock word region (64 bytes, one cache line), used by {@code ProcessLock},
 * {@code ReentrantProcessLock} and the locks inside conditions and barriers.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |             owner: ProcessToken of the holder, 0 = free       |  0
 *  |                  (pid | start ticks << 32)                    |
 *  +---------------------------------------------------------------+
 *  |       owner thread: Thread id of the holder in its process    |  8
 *  |                 (advisory, written after the CAS)             |
 *  +---------------------------------------------------------------+
 *  |      recoveries: times the lock was taken from a dead owner   | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       reserved, 40 bytes                      | 24
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The owner word alone decides who holds the lock: acquiring is one CAS from 0 to the caller's
 * token, releasing one CAS back to 0, recovering one CAS from a dead token to the caller's.
 */
public final class LockDescriptor {
    public static final int OWNER_OFFSET = 0;
    public static final int OWNER_THREAD_OFFSET = 8;
    public static final int RECOVERIES_OFFSET = 16;
    public static final int LENGTH = 64;

    private LockDescriptor() {
    }
}
