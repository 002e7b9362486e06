package dev.multiproc.internal.shm;

/**
 * The layout of a shared value or array segment ({@code SharedInt}, {@code SharedLongArray}, ...):
 * a scalar is an array of length 1.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |   SegmentHeader: kind INT_VALUES, LONG_VALUES, DOUBLE_VALUES   |   0
 *  |   or BYTE_VALUES; length = number of elements                 |
 *  +---------------------------------------------------------------+
 *  |   element 0 (4 or 8 bytes, native order; 1 byte for bytes)    |  64
 *  +---------------------------------------------------------------+
 *  |   element 1 ...                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Elements are naturally aligned (the data starts on a cache line), as atomic access requires.
 * The optional lock of a synchronized value is a separate {@code ReentrantProcessLock} (or the lock
 * the caller gave), not part of this segment.
 */
public final class ValueDescriptor {
    public static final int DATA_OFFSET = SegmentHeader.LENGTH;

    private ValueDescriptor() {
    }

    /** Creates the segment for {@code length} elements of {@code elementSize} bytes. */
    public static Segment create(int kind, int length, int elementSize, String kindName) {
        if (length < 0) {
            throw new IllegalArgumentException("array length must be >= 0: " + length);
        }
        Segment segment = Segment.create(SegmentFiles.newName(kindName),
                DATA_OFFSET + Math.max(8L, (long) length * elementSize));
        SegmentHeader.write(segment.buffer(), kind, length);
        return segment;
    }
}
