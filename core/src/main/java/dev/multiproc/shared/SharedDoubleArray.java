package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.util.concurrent.locks.Lock;

/**
 * A fixed-length {@code double[]} in shared memory: Python's {@code Array('d', n)}. Element
 * updates are atomic; {@link #compareAndSet} compares bit patterns (see {@link SharedDouble}).
 *
 * <pre>{@code
 * SharedDoubleArray partial = new SharedDoubleArray(2);
 * ChildProcess p = new ChildProcess(() -> partial.set(1, Math.PI));
 * p.start();
 * p.join();
 * System.out.println(partial.get(1));  // 3.141592653589793
 * }</pre>
 */
public final class SharedDoubleArray extends SharedData {
    private static final long serialVersionUID = 1L;

    /** {@code length} zeros with their own lock. */
    public SharedDoubleArray(int length) {
        this(newSegment(length), new ReentrantProcessLock(), true);
    }

    /** A copy of {@code values} with its own lock. */
    public SharedDoubleArray(double[] values) {
        this(newSegment(values.length), new ReentrantProcessLock(), true);
        copyIn(values);
    }

    /** {@code length} zeros guarded by {@code lock} (a {@code ProcessLock} or {@code ReentrantProcessLock}). */
    public SharedDoubleArray(int length, Lock lock) {
        this(newSegment(length), given(lock), false);
    }

    /** {@code length} zeros without a lock: Python's {@code RawArray}. */
    public static SharedDoubleArray raw(int length) {
        return new SharedDoubleArray(newSegment(length), null, false);
    }

    /** A copy of {@code values} without a lock: Python's {@code RawArray}. */
    public static SharedDoubleArray raw(double[] values) {
        SharedDoubleArray array = raw(values.length);
        array.copyIn(values);
        return array;
    }

    SharedDoubleArray(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(int length) {
        return ValueDescriptor.create(SegmentHeader.DOUBLE_VALUES, length, Double.BYTES, "doubles");
    }

    private void copyIn(double[] values) {
        for (int i = 0; i < values.length; i++) {
            Memory.LONG.set(buffer, offset(i, Double.BYTES), Double.doubleToRawLongBits(values[i]));
        }
        java.lang.invoke.VarHandle.fullFence();
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    /** Element {@code i} (a volatile read). */
    public double get(int i) {
        return Double.longBitsToDouble((long) Memory.LONG.getVolatile(buffer, at(i)));
    }

    /** Sets element {@code i} (a volatile write). */
    public void set(int i, double value) {
        Memory.LONG.setVolatile(buffer, at(i), Double.doubleToRawLongBits(value));
    }

    /** Adds {@code delta} to element {@code i} atomically; returns the new value. */
    public double addAndGet(int i, double delta) {
        int at = at(i);
        while (true) {
            long bits = (long) Memory.LONG.getVolatile(buffer, at);
            double next = Double.longBitsToDouble(bits) + delta;
            if ((boolean) Memory.LONG.compareAndSet(buffer, at, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /** Sets element {@code i} to {@code update} if its bits are those of {@code expected}, atomically. */
    public boolean compareAndSet(int i, double expected, double update) {
        return (boolean) Memory.LONG.compareAndSet(buffer, at(i),
                Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /** A copy of the elements (each read atomically, the whole not: hold the lock for a snapshot). */
    public double[] toArray() {
        double[] copy = new double[length];
        for (int i = 0; i < length; i++) {
            copy[i] = Double.longBitsToDouble((long) Memory.LONG.getVolatile(buffer, offset(i, Double.BYTES)));
        }
        return copy;
    }

    private int at(int i) {
        return offset(checkIndex(i, length), Double.BYTES);
    }
}
