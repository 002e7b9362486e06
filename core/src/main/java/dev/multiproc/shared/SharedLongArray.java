package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.util.concurrent.locks.Lock;

/**
 * A fixed-length {@code long[]} in shared memory: Python's {@code Array('q', n)}, with atomic
 * element updates.
 *
 * <pre>{@code
 * SharedLongArray counts = new SharedLongArray(4);
 * for (int w = 0; w < 4; w++) {
 *     new ChildProcess(i -> counts.addAndGet(i, 10), w).start();
 * }
 * // once joined: counts.toArray() is [10, 10, 10, 10]
 * }</pre>
 */
public final class SharedLongArray extends SharedData {
    private static final long serialVersionUID = 1L;

    /** {@code length} zeros with their own lock. */
    public SharedLongArray(int length) {
        this(newSegment(length), new ReentrantProcessLock(), true);
    }

    /** A copy of {@code values} with its own lock. */
    public SharedLongArray(long[] values) {
        this(newSegment(values.length), new ReentrantProcessLock(), true);
        copyIn(values);
    }

    /** {@code length} zeros guarded by {@code lock} (a {@code ProcessLock} or {@code ReentrantProcessLock}). */
    public SharedLongArray(int length, Lock lock) {
        this(newSegment(length), given(lock), false);
    }

    /** {@code length} zeros without a lock: Python's {@code RawArray}. */
    public static SharedLongArray raw(int length) {
        return new SharedLongArray(newSegment(length), null, false);
    }

    /** A copy of {@code values} without a lock: Python's {@code RawArray}. */
    public static SharedLongArray raw(long[] values) {
        SharedLongArray array = raw(values.length);
        array.copyIn(values);
        return array;
    }

    SharedLongArray(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(int length) {
        return ValueDescriptor.create(SegmentHeader.LONG_VALUES, length, Long.BYTES, "longs");
    }

    private void copyIn(long[] values) {
        for (int i = 0; i < values.length; i++) {
            Memory.LONG.set(buffer, offset(i, Long.BYTES), values[i]);
        }
        java.lang.invoke.VarHandle.fullFence();
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    /** Element {@code i} (a volatile read). */
    public long get(int i) {
        return (long) Memory.LONG.getVolatile(buffer, at(i));
    }

    /** Sets element {@code i} (a volatile write). */
    public void set(int i, long value) {
        Memory.LONG.setVolatile(buffer, at(i), value);
    }

    /** Adds one to element {@code i} atomically; returns the new value. */
    public long incrementAndGet(int i) {
        return (long) Memory.LONG.getAndAdd(buffer, at(i), 1L) + 1;
    }

    /** Adds {@code delta} to element {@code i} atomically; returns the new value. */
    public long addAndGet(int i, long delta) {
        return (long) Memory.LONG.getAndAdd(buffer, at(i), delta) + delta;
    }

    /** Adds {@code delta} to element {@code i} atomically; returns the previous value. */
    public long getAndAdd(int i, long delta) {
        return (long) Memory.LONG.getAndAdd(buffer, at(i), delta);
    }

    /** Sets element {@code i} to {@code update} if it is {@code expected}, atomically. */
    public boolean compareAndSet(int i, long expected, long update) {
        return (boolean) Memory.LONG.compareAndSet(buffer, at(i), expected, update);
    }

    /** A copy of the elements (each read atomically, the whole not: hold the lock for a snapshot). */
    public long[] toArray() {
        long[] copy = new long[length];
        for (int i = 0; i < length; i++) {
            copy[i] = (long) Memory.LONG.getVolatile(buffer, offset(i, Long.BYTES));
        }
        return copy;
    }

    private int at(int i) {
        return offset(checkIndex(i, length), Long.BYTES);
    }
}
