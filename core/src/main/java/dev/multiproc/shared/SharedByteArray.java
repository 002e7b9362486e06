package dev.multiproc.shared;

import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/**
 * A fixed-length {@code byte[]} in shared memory: Python's {@code Array('b', n)} / {@code Array('c', n)}.
 *
 * <p>Bytes have no atomic updates (the hardware has none worth exposing); guard multi-byte
 * updates with {@link #getLock()}, or use {@link SharedMemory} for large blocks.
 *
 * <pre>{@code
 * SharedByteArray name = new SharedByteArray(16);
 * ChildProcess p = new ChildProcess(() -> name.write(0, "worker".getBytes(US_ASCII)));
 * p.start();
 * p.join();
 * System.out.println(new String(name.toArray(), 0, 6, US_ASCII));  // worker
 * }</pre>
 */
public final class SharedByteArray extends SharedData {
    private static final long serialVersionUID = 1L;

    /**
     * {@code length} zero bytes with their own lock.
     *
     * @param length the number of elements, 0 or more; fixed for the array's life
     */
    public SharedByteArray(int length) {
        this(newSegment(length), new ReentrantProcessLock(), true);
    }

    /**
     * A copy of {@code values} with its own lock.
     *
     * @param values the elements to start with, not {@code null}; they are copied
     */
    public SharedByteArray(byte[] values) {
        this(newSegment(values.length), new ReentrantProcessLock(), true);
        write(0, values);
    }

    /**
     * {@code length} zero bytes guarded by {@code lock} (a {@code ProcessLock} or {@code ReentrantProcessLock}).
     *
     * @param length the number of elements, 0 or more; fixed for the array's life
     * @param lock   the lock that {@link #getLock()} returns, a {@code ProcessLock} or {@code ReentrantProcessLock}; it may guard other shared data too
     */
    public SharedByteArray(int length, Lock lock) {
        this(newSegment(length), given(lock), false);
    }

    /**
     * {@code length} zero bytes without a lock: Python's {@code RawArray}.
     *
     * @param length the number of elements, 0 or more; fixed for the array's life
     * @return a new shared array with no lock; {@link #getLock()} throws for it
     */
    public static SharedByteArray raw(int length) {
        return new SharedByteArray(newSegment(length), null, false);
    }

    SharedByteArray(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(int length) {
        return ValueDescriptor.create(SegmentHeader.BYTE_VALUES, length, 1, "bytes");
    }

    /**
     * The number of bytes.
     *
     * @return the number of elements, fixed at creation
     */
    public int length() {
        return length;
    }

    /**
     * Byte {@code i}.
     *
     * @param i the element's index, from 0 to {@code length() - 1}
     * @return the element's current value
     */
    public byte get(int i) {
        return buffer.get(ValueDescriptor.DATA_OFFSET + checkIndex(i, length));
    }

    /**
     * Sets byte {@code i}.
     *
     * @param i     the element's index, from 0 to {@code length() - 1}
     * @param value the new value
     */
    public void set(int i, byte value) {
        buffer.put(ValueDescriptor.DATA_OFFSET + checkIndex(i, length), value);
    }

    /**
     * Copies {@code src} into the array from {@code offset}.
     *
     * @param offset index of the first element written
     * @param src    the elements to write, not {@code null}; all of them are written, so they must fit from {@code offset}
     */
    public void write(int offset, byte[] src) {
        Objects.checkFromIndexSize(offset, src.length, length);
        buffer.put(ValueDescriptor.DATA_OFFSET + offset, src);
    }

    /**
     * Copies {@code dst.length} bytes from {@code offset} into {@code dst}.
     *
     * @param offset index of the first element read
     * @param dst    the array to fill, not {@code null}; all of it is filled, so it must fit from {@code offset}
     */
    public void read(int offset, byte[] dst) {
        Objects.checkFromIndexSize(offset, dst.length, length);
        buffer.get(ValueDescriptor.DATA_OFFSET + offset, dst);
    }

    /**
     * A copy of the bytes.
     *
     * @return a new array holding a copy of every element
     */
    public byte[] toArray() {
        byte[] copy = new byte[length];
        read(0, copy);
        return copy;
    }

    /**
     * A view of the bytes (position 0, limit {@link #length()}), sharing the memory.
     *
     * @return a new buffer over the shared bytes, not a copy: what it writes, other processes can read
     */
    public ByteBuffer asByteBuffer() {
        return elements(1);
    }
}
