package dev.multiproc.shared;

import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ProcessLock;
import dev.multiproc.sync.ReentrantProcessLock;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.Lock;

/**
 * What every shared value and array has: its segment, its length, and its optional lock.
 *
 * <p>The lock is Python's {@code get_lock()}: atomic methods need none, but a compound update (read
 * two values, write a third) does. By default each value gets its own {@link ReentrantProcessLock}
 * (Python's default, {@code lock=True}); a given lock may be shared by several values; a raw value
 * ({@code RawValue}) has none.
 */
abstract class SharedData implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    final transient Segment segment;
    final transient ByteBuffer buffer;
    final transient int length;
    private final transient Lock lock;
    private final transient boolean ownsLock;

    SharedData(Segment segment, Lock lock, boolean ownsLock) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.length = (int) segment.buffer().getLong(8);
        this.lock = lock;
        this.ownsLock = ownsLock;
    }

    /** A caller's lock, checked: it must work across processes. */
    static Lock given(Lock lock) {
        if (!(lock instanceof ProcessLock) && !(lock instanceof ReentrantProcessLock)) {
            throw new IllegalArgumentException("a shared value needs a ProcessLock or ReentrantProcessLock, not "
                    + (lock == null ? "null" : lock.getClass().getName()) + "; use raw() for none");
        }
        return lock;
    }

    /**
     * The lock for compound updates: Python's {@code get_lock()}.
     *
     * @return the value's own lock, or the one given at creation (shared with other values)
     * @throws UnsupportedOperationException for a raw value, which has none
     */
    public Lock getLock() {
        if (lock == null) {
            throw new UnsupportedOperationException(this + " is raw: it has no lock");
        }
        return lock;
    }

    /**
     * Tells whether this value has a lock.
     *
     * @return true unless it was created raw
     */
    public boolean hasLock() {
        return lock != null;
    }

    /**
     * Removes the shared file (and that of the value's own lock) if this instance created it.
     * Processes that received the value keep using it; it can no longer be sent to new ones.
     */
    @Override
    public void close() {
        if (segment.isCreator()) {
            segment.unlink();
            if (ownsLock && lock instanceof AutoCloseable) {
                ((ReentrantProcessLock) lock).close();
            }
        }
    }

    static int checkIndex(int index, int length) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + length);
        }
        return index;
    }

    /** The elements' bytes (position 0, native order), sharing the memory. */
    ByteBuffer elements(int elementSize) {
        return buffer.slice(ValueDescriptor.DATA_OFFSET, length * elementSize).order(ByteOrder.nativeOrder());
    }

    static int offset(int index, int elementSize) {
        return ValueDescriptor.DATA_OFFSET + index * elementSize;
    }

    Object writeReplace() {
        return new SerialForm(getClass().getName(), segment.name(), lock, ownsLock);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + segment.name() + "]";
    }
}
