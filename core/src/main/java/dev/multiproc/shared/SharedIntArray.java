package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.lang.invoke.VarHandle;
import java.nio.IntBuffer;
import java.util.Objects;
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
        write(0, values);
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
        array.write(0, values);
        return array;
    }

    SharedIntArray(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(int length) {
        return ValueDescriptor.create(SegmentHeader.INT_VALUES, length, Integer.BYTES, "ints");
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

    /**
     * Copies {@code src} into the elements from {@code offset}: Python's {@code a[offset:offset + len(src)] = src}.
     * Each element is written whole; the copy as a whole is not atomic: hold {@link #getLock()}
     * when other processes must not see it half done.
     */
    public void write(int offset, int[] src) {
        Objects.checkFromIndexSize(offset, src.length, length);
        asIntBuffer().put(offset, src);
        VarHandle.fullFence(); // the plain writes are visible before whatever the caller does next
    }

    /**
     * Copies {@code dst.length} elements from {@code offset} into {@code dst}: Python's
     * {@code a[offset:offset + len(dst)]}. Each element is read whole; hold {@link #getLock()} for
     * a consistent snapshot.
     */
    public void read(int offset, int[] dst) {
        Objects.checkFromIndexSize(offset, dst.length, length);
        VarHandle.fullFence(); // see what other processes wrote before the caller synchronized with them
        asIntBuffer().get(offset, dst);
    }

    /** A copy of the elements: Python's {@code a[:]}; see {@link #read}. */
    public int[] toArray() {
        int[] copy = new int[length];
        read(0, copy);
        return copy;
    }

    /**
     * A view of the elements (position 0, limit {@link #length()}, native order) sharing the memory,
     * for bulk and relative access with the JDK's buffer methods. Its plain reads and writes are
     * ordered with other processes only by a lock or another synchronizing call.
     */
    public IntBuffer asIntBuffer() {
        return elements(Integer.BYTES).asIntBuffer();
    }

    private int at(int i) {
        return offset(checkIndex(i, length), Integer.BYTES);
    }
}
