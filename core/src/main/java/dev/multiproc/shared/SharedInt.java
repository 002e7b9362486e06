package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.util.concurrent.locks.Lock;
import java.util.function.IntUnaryOperator;

/**
 * An {@code int} in shared memory: Python's {@code Value('i')}, with atomic updates.
 *
 * <p>Zero unless given an initial value. Pass it to child processes as an argument: they all
 * update the same word. Unlike Python's {@code v.value += 1}, which loses updates between
 * processes, {@link #incrementAndGet()} and the other atomic methods never do, and need no lock.
 * {@link #getLock()} serves compound updates that must be atomic together.
 *
 * <pre>{@code
 * SharedInt hits = new SharedInt();
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
public final class SharedInt extends SharedData {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueDescriptor.DATA_OFFSET;

    /** A zero value with its own lock. */
    public SharedInt() {
        this(0);
    }

    /**
     * A value with its own lock ({@link ReentrantProcessLock}, as Python's {@code lock=True}).
     *
     * @param initial the value to start with
     */
    public SharedInt(int initial) {
        this(newSegment(initial), new ReentrantProcessLock(), true);
    }

    /**
     * A value guarded by {@code lock}, which must be a {@code ProcessLock} or {@code ReentrantProcessLock}.
     *
     * @param initial the value to start with
     * @param lock    the lock that {@link #getLock()} returns, a {@code ProcessLock} or {@code ReentrantProcessLock}; it may guard other shared data too
     */
    public SharedInt(int initial, Lock lock) {
        this(newSegment(initial), given(lock), false);
    }

    /**
     * A zero value without a lock: Python's {@code RawValue}.
     *
     * @return a new shared value with no lock; {@link #getLock()} throws for it
     */
    public static SharedInt raw() {
        return raw(0);
    }

    /**
     * A value without a lock: Python's {@code RawValue}.
     *
     * @param initial the value to start with
     * @return a new shared value with no lock; {@link #getLock()} throws for it
     */
    public static SharedInt raw(int initial) {
        return new SharedInt(newSegment(initial), null, false);
    }

    SharedInt(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(int initial) {
        Segment segment = ValueDescriptor.create(SegmentHeader.INT_VALUES, 1, Integer.BYTES, "int");
        Memory.INT.setVolatile(segment.buffer(), VALUE, initial);
        return segment;
    }

    /**
     * The value (a volatile read).
     *
     * @return the current value
     */
    public int get() {
        return (int) Memory.INT.getVolatile(buffer, VALUE);
    }

    /**
     * Sets the value (a volatile write).
     *
     * @param value the new value
     */
    public void set(int value) {
        Memory.INT.setVolatile(buffer, VALUE, value);
    }

    /**
     * Sets the value and returns the previous one, atomically.
     *
     * @param value the new value
     * @return the value before the call
     */
    public int getAndSet(int value) {
        return (int) Memory.INT.getAndSet(buffer, VALUE, value);
    }

    /**
     * Adds one atomically; returns the new value.
     *
     * @return the new value
     */
    public int incrementAndGet() {
        return (int) Memory.INT.getAndAdd(buffer, VALUE, 1) + 1;
    }

    /**
     * Subtracts one atomically; returns the new value.
     *
     * @return the new value
     */
    public int decrementAndGet() {
        return (int) Memory.INT.getAndAdd(buffer, VALUE, -1) - 1;
    }

    /**
     * Adds {@code delta} atomically; returns the new value.
     *
     * @param delta the amount to add; negative to subtract
     * @return the new value
     */
    public int addAndGet(int delta) {
        return (int) Memory.INT.getAndAdd(buffer, VALUE, delta) + delta;
    }

    /**
     * Adds {@code delta} atomically; returns the previous value.
     *
     * @param delta the amount to add; negative to subtract
     * @return the value before the call
     */
    public int getAndAdd(int delta) {
        return (int) Memory.INT.getAndAdd(buffer, VALUE, delta);
    }

    /**
     * Sets the value to {@code update} if it is {@code expected}, atomically.
     *
     * @param expected the value it must hold for the update to happen
     * @param update   the value to set
     * @return true when the value was {@code expected} and is now {@code update}; false when nothing changed
     */
    public boolean compareAndSet(int expected, int update) {
        return (boolean) Memory.INT.compareAndSet(buffer, VALUE, expected, update);
    }

    /**
     * Applies {@code function} atomically (retrying on contention, so it must be free of side
     * effects); returns the new value.
     *
     * @param function from the current to the new value; it may run more than once, so it must be free of side effects
     * @return the new value, as {@code function} returned it
     */
    public int updateAndGet(IntUnaryOperator function) {
        while (true) {
            int current = get();
            int next = function.applyAsInt(current);
            if (compareAndSet(current, next)) {
                return next;
            }
        }
    }

    @Override
    public String toString() {
        return "SharedInt[" + get() + "]";
    }
}
