package dev.multiproc.internal.shm;

import java.nio.ByteBuffer;

/**
 * The first 64 bytes of every segment that holds a synchronization primitive or a shared value
 * (user {@code SharedMemory} blocks have no header: all their bytes are the user's).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     magic 0x4D505331 "MPS1"                   |  0
 *  +---------------------------------------------------------------+
 *  |                     kind (LOCK, EVENT, ...)                   |  4
 *  +---------------------------------------------------------------+
 *  |                  length (kind-specific), 64 bits              |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       reserved, 48 bytes                      | 16
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Checked on attach so that a name mixed up by a caller fails with a clear message instead of
 * reinterpreting another primitive's words.
 */
public final class SegmentHeader {
    /** Bytes taken by the header; the primitive's region starts here (cache-line aligned). */
    public static final int LENGTH = 64;
    public static final int MAGIC = 0x4D505331;

    public static final int LOCK = 1;
    public static final int RLOCK = 2;
    public static final int SEMAPHORE = 3;
    public static final int CONDITION = 4;
    public static final int EVENT = 5;
    public static final int BARRIER = 6;
    public static final int INT_VALUES = 7;
    public static final int LONG_VALUES = 8;
    public static final int DOUBLE_VALUES = 9;
    public static final int BYTE_VALUES = 10;

    private static final int MAGIC_OFFSET = 0;
    private static final int KIND_OFFSET = 4;
    private static final int LENGTH_OFFSET = 8;

    private SegmentHeader() {
    }

    /** Writes the header of a new segment; {@code magic} last, with release semantics. */
    public static void write(ByteBuffer buffer, int kind, long length) {
        buffer.putInt(KIND_OFFSET, kind);
        buffer.putLong(LENGTH_OFFSET, length);
        Memory.INT.setRelease(buffer, MAGIC_OFFSET, MAGIC);
    }

    /** Checks that {@code segment} holds a {@code kind} and returns its length field. */
    public static long check(Segment segment, int kind) {
        ByteBuffer buffer = segment.buffer();
        int magic = (int) Memory.INT.getAcquire(buffer, MAGIC_OFFSET);
        int actual = buffer.getInt(KIND_OFFSET);
        if (magic != MAGIC || actual != kind) {
            throw new IllegalStateException("segment " + segment.name() + " holds kind " + actual
                    + " (magic 0x" + Integer.toHexString(magic) + "), expected kind " + kind);
        }
        return buffer.getLong(LENGTH_OFFSET);
    }
}
