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

    /**
     * {@code length} zeros with their own lock.
     *
     * @param length the number of elements, 0 or more; fixed for the array's life
     */
    public SharedLongArray(int length) {
        this(newSegment(length), new ReentrantProcessLock(), true);
    }

    /**
     * A copy of {@code values} with its own lock.
     *
     * @param values the elements to start with, not {@code null}; they are copied
     */
    public SharedLongArray(long[] values) {
        this(newSegment(values.length), new ReentrantProcessLock(), true);
        write(0, values);
    }

    /**
     * {@code length} zeros guarded by {@code lock} (a {@code ProcessLock} or {@code ReentrantProcessLock}).
     *
     * @param length the number of elements, 0 or more; fixed for the array's life
     * @param lock   the lock that {@link #getLock()} returns, a {@code ProcessLock} or {@code ReentrantProcessLock}; it may guard other shared data too
     */
    public SharedLongArray(int length, Lock lock) {
        this(newSegment(length), given(lock), false);
    }

    /**
     * {@code length} zeros without a lock: Python's {@code RawArray}.
     *
     * @param length the number of elements, 0 or more; fixed for the array's life
     * @return a new shared array with no lock; {@link #getLock()} throws for it
     */
    public static SharedLongArray raw(int length) {
        return new SharedLongArray(newSegment(length), null, false);
    }

    /**
     * A copy of {@code values} without a lock: Python's {@code RawArray}.
     *
     * @param values the elements to start with, not {@code null}; they are copied
     * @return a new shared array with no lock; {@link #getLock()} throws for it
     */
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

    /**
     * The number of elements.
     *
     * @return the number of elements, fixed at creation
     */
    public int length() {
        return length;
    }

    /**
     * Element {@code i} (a volatile read).
     *
     * @param i the element's index, from 0 to {@code length() - 1}
     * @return the element's current value
     */
    public long get(int i) {
        return (long) Memory.LONG.getVolatile(buffer, at(i));
    }

    /**
     * Sets element {@code i} (a volatile write).
     *
     * @param i     the element's index, from 0 to {@code length() - 1}
     * @param value the new value
     */
    public void set(int i, long value) {
        Memory.LONG.setVolatile(buffer, at(i), value);
    }

    /**
     * Adds one to element {@code i} atomically; returns the new value.
     *
     * @param i the element's index, from 0 to {@code length() - 1}
     * @return the element's new value
     */
    public long incrementAndGet(int i) {
        return (long) Memory.LONG.getAndAdd(buffer, at(i), 1L) + 1;
    }

    /**
     * Adds {@code delta} to element {@code i} atomically; returns the new value.
     *
     * @param i     the element's index, from 0 to {@code length() - 1}
     * @param delta the amount to add; negative to subtract
     * @return the element's new value
     */
    public long addAndGet(int i, long delta) {
        return (long) Memory.LONG.getAndAdd(buffer, at(i), delta) + delta;
    }

    /**
     * Adds {@code delta} to element {@code i} atomically; returns the previous value.
     *
     * @param i     the element's index, from 0 to {@code length() - 1}
     * @param delta the amount to add; negative to subtract
     * @return the element's value before the call
     */
    public long getAndAdd(int i, long delta) {
        return (long) Memory.LONG.getAndAdd(buffer, at(i), delta);
    }

    /**
     * Sets element {@code i} to {@code update} if it is {@code expected}, atomically.
     *
     * @param i        the element's index, from 0 to {@code length() - 1}
     * @param expected the value the element must hold for the update to happen
     * @param update   the value to set
     * @return true when the value was {@code expected} and is now {@code update}; false when nothing changed
     */
    public boolean compareAndSet(int i, long expected, long update) {
        return (boolean) Memory.LONG.compareAndSet(buffer, at(i), expected, update);
    }

    /**
     * Copies {@code src} into the elements from {@code offset}: Python's {@code a[offset:offset + len(src)] = src}.
     * Each element is written whole; the copy as a whole is not atomic: hold {@link #getLock()}
     * when other processes must not see it half done.
     *
     * @param offset index of the first element written
     * @param src    the elements to write, not {@code null}; all of them are written, so they must fit from {@code offset}
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
     *
     * @param offset index of the first element read
     * @param dst    the array to fill, not {@code null}; all of it is filled, so it must fit from {@code offset}
     */
    public void read(int offset, long[] dst) {
        Objects.checkFromIndexSize(offset, dst.length, length);
        VarHandle.fullFence(); // see what other processes wrote before the caller synchronized with them
        asLongBuffer().get(offset, dst);
    }

    /**
     * A copy of the elements: Python's {@code a[:]}; see {@link #read}.
     *
     * @return a new array holding a copy of every element
     */
    public long[] toArray() {
        long[] copy = new long[length];
        read(0, copy);
        return copy;
    }

    /**
     * A view of the elements (position 0, limit {@link #length()}, native order) sharing the memory,
     * for bulk and relative access with the JDK's buffer methods. Its plain reads and writes are
     * ordered with other processes only by a lock or another synchronizing call.
     *
     * @return a new buffer over the shared elements, not a copy: what it writes, other processes can read
     */
    public LongBuffer asLongBuffer() {
        return elements(Long.BYTES).asLongBuffer();
    }

    private int at(int i) {
        return offset(checkIndex(i, length), Long.BYTES);
    }
}
