package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.util.concurrent.locks.Lock;
import java.util.function.LongUnaryOperator;

/**
 * A {@code long} in shared memory: Python's {@code Value('q')}, with atomic updates.
 *
 * <p>Zero unless given an initial value. Pass it to child processes as an argument: they all
 * update the same word. Unlike Python's {@code v.value += 1}, which loses updates between
 * processes, {@link #incrementAndGet()} and the other atomic methods never do, and need no lock.
 * {@link #getLock()} serves compound updates that must be atomic together.
 *
 * <pre>{@code
 * SharedLong hits = new SharedLong();
 * List<ChildProcess> children = new ArrayList<>();
 * for (int i = 0; i < 4; i++) {
 *     ChildProcess p = new ChildProcess(() -> {
 *         for (int n = 0; n < 100_000; n++) hits.incrementAndGet();
 *     });
 *     p.start();
 *     children.add(p);
 * }
 * for (ChildProcess p : children) p.join();
 * System.out.println(hits.get());      // 400000
 * }</pre>
 */
public final class SharedLong extends SharedData {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueDescriptor.DATA_OFFSET;

    /** A zero value with its own lock. */
    public SharedLong() {
        this(0L);
    }

    /**
     * A value with its own lock ({@link ReentrantProcessLock}, as Python's {@code lock=True}).
     *
     * @param initial the value to start with
     */
    public SharedLong(long initial) {
        this(newSegment(initial), new ReentrantProcessLock(), true);
    }

    /**
     * A value guarded by {@code lock}, which must be a {@code ProcessLock} or {@code ReentrantProcessLock}.
     *
     * @param initial the value to start with
     * @param lock    the lock that {@link #getLock()} returns, a {@code ProcessLock} or {@code ReentrantProcessLock}; it may guard other shared data too
     */
    public SharedLong(long initial, Lock lock) {
        this(newSegment(initial), given(lock), false);
    }

    /**
     * A zero value without a lock: Python's {@code RawValue}.
     *
     * @return a new shared value with no lock; {@link #getLock()} throws for it
     */
    public static SharedLong raw() {
        return raw(0L);
    }

    /**
     * A value without a lock: Python's {@code RawValue}.
     *
     * @param initial the value to start with
     * @return a new shared value with no lock; {@link #getLock()} throws for it
     */
    public static SharedLong raw(long initial) {
        return new SharedLong(newSegment(initial), null, false);
    }

    SharedLong(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(long initial) {
        Segment segment = ValueDescriptor.create(SegmentHeader.LONG_VALUES, 1, Long.BYTES, "long");
        Memory.LONG.setVolatile(segment.buffer(), VALUE, initial);
        return segment;
    }

    /**
     * The value (a volatile read).
     *
     * @return the current value
     */
    public long get() {
        return (long) Memory.LONG.getVolatile(buffer, VALUE);
    }

    /**
     * Sets the value (a volatile write).
     *
     * @param value the new value
     */
    public void set(long value) {
        Memory.LONG.setVolatile(buffer, VALUE, value);
    }

    /**
     * Sets the value and returns the previous one, atomically.
     *
     * @param value the new value
     * @return the value before the call
     */
    public long getAndSet(long value) {
        return (long) Memory.LONG.getAndSet(buffer, VALUE, value);
    }

    /**
     * Adds one atomically; returns the new value.
     *
     * @return the new value
     */
    public long incrementAndGet() {
        return (long) Memory.LONG.getAndAdd(buffer, VALUE, 1L) + 1;
    }

    /**
     * Subtracts one atomically; returns the new value.
     *
     * @return the new value
     */
    public long decrementAndGet() {
        return (long) Memory.LONG.getAndAdd(buffer, VALUE, -1L) - 1;
    }

    /**
     * Adds {@code delta} atomically; returns the new value.
     *
     * @param delta the amount to add; negative to subtract
     * @return the new value
     */
    public long addAndGet(long delta) {
        return (long) Memory.LONG.getAndAdd(buffer, VALUE, delta) + delta;
    }

    /**
     * Adds {@code delta} atomically; returns the previous value.
     *
     * @param delta the amount to add; negative to subtract
     * @return the value before the call
     */
    public long getAndAdd(long delta) {
        return (long) Memory.LONG.getAndAdd(buffer, VALUE, delta);
    }

    /**
     * Sets the value to {@code update} if it is {@code expected}, atomically.
     *
     * @param expected the value it must hold for the update to happen
     * @param update   the value to set
     * @return true when the value was {@code expected} and is now {@code update}; false when nothing changed
     */
    public boolean compareAndSet(long expected, long update) {
        return (boolean) Memory.LONG.compareAndSet(buffer, VALUE, expected, update);
    }

    /**
     * Applies {@code function} atomically (retrying on contention, so it must be free of side
     * effects); returns the new value.
     *
     * @param function from the current to the new value; it may run more than once, so it must be free of side effects
     * @return the new value, as {@code function} returned it
     */
    public long updateAndGet(LongUnaryOperator function) {
        while (true) {
            long current = get();
            long next = function.applyAsLong(current);
            if (compareAndSet(current, next)) {
                return next;
            }
        }
    }

    @Override
    public String toString() {
        return "SharedLong[" + get() + "]";
    }
}
