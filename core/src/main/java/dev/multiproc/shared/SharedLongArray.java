package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.lang.invoke.VarHandle;
import java.nio.LongBuffer;
import java.util.Objects;
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
        write(0, values);
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
        array.write(0, values);
        return array;
    }

    SharedLongArray(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(int length) {
        return ValueDescriptor.create(SegmentHeader.LONG_VALUES, length, Long.BYTES, "longs");
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

    /**
     * Copies {@code src} into the elements from {@code offset}: Python's {@code a[offset:offset + len(src)] = src}.
     * Each element is written whole; the copy as a whole is not atomic: hold {@link #getLock()}
     * when other processes must not see it half done.
     */
    public void write(int offset, long[] src) {
        Objects.checkFromIndexSize(offset, src.length, length);
        asLongBuffer().put(offset, src);
        VarHandle.fullFence(); // the plain writes are visible before whatever the caller does next
    }

    /**
     * Copies {@code dst.length} elements from {@code offset} into {@code dst}: Python's
     * {@code a[offset:offset + len(dst)]}. Each element is read whole; hold {@link #getLock()} for
     * a consistent snapshot.
     */
    public void read(int offset, long[] dst) {
        Objects.checkFromIndexSize(offset, dst.length, length);
        VarHandle.fullFence(); // see what other processes wrote before the caller synchronized with them
        asLongBuffer().get(offset, dst);
    }

    /** A copy of the elements: Python's {@code a[:]}; see {@link #read}. */
    public long[] toArray() {
        long[] copy = new long[length];
        read(0, copy);
        return copy;
    }

    /**
     * A view of the elements (position 0, limit {@link #length()}, native order) sharing the memory,
     * for bulk and relative access with the JDK's buffer methods. Its plain reads and writes are
     * ordered with other processes only by a lock or another synchronizing call.
     */
    public LongBuffer asLongBuffer() {
        return elements(Long.BYTES).asLongBuffer();
    }

    private int at(int i) {
        return offset(checkIndex(i, length), Long.BYTES);
    }
}
