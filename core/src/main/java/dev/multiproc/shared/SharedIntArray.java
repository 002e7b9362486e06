package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.util.concurrent.locks.Lock;

/**
 * A fixed-length {@code int[]} in shared memory: Python's {@code Array('i', n)}, with atomic
 * element updates.
 *
 * <pre>{@code
 * SharedIntArray counts = new SharedIntArray(4);
 * for (int w = 0; w < 4; w++) {
 *     new ChildProcess(i -> counts.addAndGet(i, 10), w).start();
 * }
 * // once joined: counts.toArray() is [10, 10, 10, 10]
 * }</pre>
 */
public final class SharedIntArray extends SharedData {
    private static final long serialVersionUID = 1L;

    /** {@code length} zeros with their own lock. */
    public SharedIntArray(int length) {
        this(newSegment(length), new ReentrantProcessLock(), true);
    }

    /** A copy of {@code values} with its own lock. */
    public SharedIntArray(int[] values) {
        this(newSegment(values.length), new ReentrantProcessLock(), true);
        copyIn(values);
    }

    /** {@code length} zeros guarded by {@code lock} (a {@code ProcessLock} or {@code ReentrantProcessLock}). */
    public SharedIntArray(int length, Lock lock) {
        this(newSegment(length), given(lock), false);
    }

    /** {@code length} zeros without a lock: Python's {@code RawArray}. */
    public static SharedIntArray raw(int length) {
        return new SharedIntArray(newSegment(length), null, false);
    }

    /** A copy of {@code values} without a lock: Python's {@code RawArray}. */
    public static SharedIntArray raw(int[] values) {
        SharedIntArray array = raw(values.length);
        array.copyIn(values);
        return array;
    }

    SharedIntArray(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(int length) {
        return ValueDescriptor.create(SegmentHeader.INT_VALUES, length, Integer.BYTES, "ints");
    }

    private void copyIn(int[] values) {
        for (int i = 0; i < values.length; i++) {
            Memory.INT.set(buffer, offset(i, Integer.BYTES), values[i]);
        }
        java.lang.invoke.VarHandle.fullFence();
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    /** Element {@code i} (a volatile read). */
    public int get(int i) {
        return (int) Memory.INT.getVolatile(buffer, at(i));
    }

    /** Sets element {@code i} (a volatile write). */
    public void set(int i, int value) {
        Memory.INT.setVolatile(buffer, at(i), value);
    }

    /** Adds one to element {@code i} atomically; returns the new value. */
    public int incrementAndGet(int i) {
        return (int) Memory.INT.getAndAdd(buffer, at(i), 1) + 1;
    }

    /** Adds {@code delta} to element {@code i} atomically; returns the new value. */
    public int addAndGet(int i, int delta) {
        return (int) Memory.INT.getAndAdd(buffer, at(i), delta) + delta;
    }

    /** Adds {@code delta} to element {@code i} atomically; returns the previous value. */
    public int getAndAdd(int i, int delta) {
        return (int) Memory.INT.getAndAdd(buffer, at(i), delta);
    }

    /** Sets element {@code i} to {@code update} if it is {@code expected}, atomically. */
    public boolean compareAndSet(int i, int expected, int update) {
        return (boolean) Memory.INT.compareAndSet(buffer, at(i), expected, update);
    }

    /** A copy of the elements (each read atomically, the whole not: hold the lock for a snapshot). */
    public int[] toArray() {
        int[] copy = new int[length];
        for (int i = 0; i < length; i++) {
            copy[i] = (int) Memory.INT.getVolatile(buffer, offset(i, Integer.BYTES));
        }
        return copy;
    }

    private int at(int i) {
        return offset(checkIndex(i, length), Integer.BYTES);
    }
}
