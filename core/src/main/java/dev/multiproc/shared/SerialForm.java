package dev.multiproc.shared;

import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.concurrent.locks.Lock;

/**
 * What crosses a process boundary for a shared value or array: the segment's file name and its lock
 * (itself sent by name). The receiving process maps the same file.
 */
final class SerialForm implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String segment;
    private final Lock lock;
    private final boolean ownsLock;

    SerialForm(String type, String segment, Lock lock, boolean ownsLock) {
        this.type = type;
        this.segment = segment;
        this.lock = lock;
        this.ownsLock = ownsLock;
    }

    private Object readResolve() throws ObjectStreamException {
        try {
            if (type.equals(SharedMemory.class.getName())) {
                return SharedMemory.attachFile(segment);
            }
            Segment s = Segment.attach(segment);
            if (type.equals(SharedInt.class.getName())) {
                SegmentHeader.check(s, SegmentHeader.INT_VALUES);
                return new SharedInt(s, lock, ownsLock);
            } else if (type.equals(SharedLong.class.getName())) {
                SegmentHeader.check(s, SegmentHeader.LONG_VALUES);
                return new SharedLong(s, lock, ownsLock);
            } else if (type.equals(SharedDouble.class.getName())) {
                SegmentHeader.check(s, SegmentHeader.DOUBLE_VALUES);
                return new SharedDouble(s, lock, ownsLock);
            } else if (type.equals(SharedIntArray.class.getName())) {
                SegmentHeader.check(s, SegmentHeader.INT_VALUES);
                return new SharedIntArray(s, lock, ownsLock);
            } else if (type.equals(SharedLongArray.class.getName())) {
                SegmentHeader.check(s, SegmentHeader.LONG_VALUES);
                return new SharedLongArray(s, lock, ownsLock);
            } else if (type.equals(SharedDoubleArray.class.getName())) {
                SegmentHeader.check(s, SegmentHeader.DOUBLE_VALUES);
                return new SharedDoubleArray(s, lock, ownsLock);
            } else if (type.equals(SharedByteArray.class.getName())) {
                SegmentHeader.check(s, SegmentHeader.BYTE_VALUES);
                return new SharedByteArray(s, lock, ownsLock);
            }
        } catch (RuntimeException e) {
            InvalidObjectException failure = new InvalidObjectException("cannot attach " + segment + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
        throw new InvalidObjectException("unknown shared type " + type + " for segment " + segment);
    }
}
