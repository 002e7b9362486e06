package dev.multiproc.sync;

import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.concurrent.locks.Lock;

/**
 * What crosses a process boundary for every primitive of this package: the segment's file name and
 * the region offset. The receiving process maps the same file (once per JVM) and rebuilds the
 * primitive on it, so both sides operate on the same words.
 */
final class SerialForm implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int LOCK = 1;
    static final int RLOCK = 2;
    static final int CONDITION = 3;
    static final int SEMAPHORE = 4;
    static final int EVENT = 5;
    static final int BARRIER = 6;

    private final int kind;
    private final String segment;
    private final int region;
    private final boolean standalone;
    private final Object extra;

    SerialForm(int kind, String segment, int region, boolean standalone) {
        this(kind, segment, region, standalone, null);
    }

    SerialForm(int kind, String segment, int region, boolean standalone, Object extra) {
        this.kind = kind;
        this.segment = segment;
        this.region = region;
        this.standalone = standalone;
        this.extra = extra;
    }

    private Object readResolve() throws ObjectStreamException {
        Segment attached;
        try {
            attached = Segment.attach(segment);
        } catch (RuntimeException e) {
            InvalidObjectException failure = new InvalidObjectException("cannot attach " + segment + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
        switch (kind) {
            case LOCK:
                if (standalone) {
                    SegmentHeader.check(attached, SegmentHeader.LOCK);
                }
                return new ProcessLock(attached, region, standalone);
            case RLOCK:
                if (standalone) {
                    SegmentHeader.check(attached, SegmentHeader.RLOCK);
                }
                return new ReentrantProcessLock(attached, region, standalone);
            case CONDITION:
                SegmentHeader.check(attached, SegmentHeader.CONDITION);
                return new ProcessCondition(attached, (Lock) extra);
            case SEMAPHORE:
                SegmentHeader.check(attached, SegmentHeader.SEMAPHORE);
                return ProcessSemaphore.attach(attached);
            case EVENT:
                SegmentHeader.check(attached, SegmentHeader.EVENT);
                return new ProcessEvent(attached);
            case BARRIER:
                SegmentHeader.check(attached, SegmentHeader.BARRIER);
                return new ProcessBarrier(attached, (ProcessBarrier.Settings) extra);
            default:
                throw new InvalidObjectException("unknown primitive kind " + kind + " for segment " + segment);
        }
    }
}
