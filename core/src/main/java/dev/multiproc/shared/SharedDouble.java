package dev.multiproc.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.ValueDescriptor;
import dev.multiproc.sync.ReentrantProcessLock;

import java.util.concurrent.locks.Lock;
import java.util.function.DoubleUnaryOperator;

/**
 * A {@code double} in shared memory: Python's {@code Value('d')}, with atomic updates.
 *
 * <p>Stored as its IEEE 754 bits in a 64-bit word; {@link #addAndGet} and
 * {@link #compareAndSet} work on those bits with a CAS loop, so {@code compareAndSet} compares bit
 * patterns ({@code -0.0} differs from {@code 0.0}, one {@code NaN} equals itself), as
 * {@link java.util.concurrent.atomic.DoubleAdder}'s relatives do.
 *
 * <pre>{@code
 * SharedDouble total = new SharedDouble();
 * ChildProcess p = new ChildProcess(() -> total.addAndGet(0.5));
 * p.start();
 * p.join();
 * System.out.println(total.get());     // 0.5
 * }</pre>
 */
public final class SharedDouble extends SharedData {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueDescriptor.DATA_OFFSET;

    /** A zero value with its own lock. */
    public SharedDouble() {
        this(0.0);
    }

    /**
     * A value with its own lock ({@link ReentrantProcessLock}, as Python's {@code lock=True}).
     *
     * @param initial the value to start with
     */
    public SharedDouble(double initial) {
        this(newSegment(initial), new ReentrantProcessLock(), true);
    }

    /**
     * A value guarded by {@code lock}, which must be a {@code ProcessLock} or {@code ReentrantProcessLock}.
     *
     * @param initial the value to start with
     * @param lock    the lock that {@link #getLock()} returns, a {@code ProcessLock} or {@code ReentrantProcessLock}; it may guard other shared data too
     */
    public SharedDouble(double initial, Lock lock) {
        this(newSegment(initial), given(lock), false);
    }

    /**
     * A zero value without a lock: Python's {@code RawValue}.
     *
     * @return a new shared value with no lock; {@link #getLock()} throws for it
     */
    public static SharedDouble raw() {
        return raw(0.0);
    }

    /**
     * A value without a lock: Python's {@code RawValue}.
     *
     * @param initial the value to start with
     * @return a new shared value with no lock; {@link #getLock()} throws for it
     */
    public static SharedDouble raw(double initial) {
        return new SharedDouble(newSegment(initial), null, false);
    }

    SharedDouble(Segment segment, Lock lock, boolean ownsLock) {
        super(segment, lock, ownsLock);
    }

    private static Segment newSegment(double initial) {
        Segment segment = ValueDescriptor.create(SegmentHeader.DOUBLE_VALUES, 1, Double.BYTES, "double");
        Memory.LONG.setVolatile(segment.buffer(), VALUE, Double.doubleToRawLongBits(initial));
        return segment;
    }

    /**
     * The value (a volatile read).
     *
     * @return the current value
     */
    public double get() {
        return Double.longBitsToDouble((long) Memory.LONG.getVolatile(buffer, VALUE));
    }

    /**
     * Sets the value (a volatile write).
     *
     * @param value the new value
     */
    public void set(double value) {
        Memory.LONG.setVolatile(buffer, VALUE, Double.doubleToRawLongBits(value));
    }

    /**
     * Sets the value and returns the previous one, atomically.
     *
     * @param value the new value
     * @return the value before the call
     */
    public double getAndSet(double value) {
        return Double.longBitsToDouble((long) Memory.LONG.getAndSet(buffer, VALUE, Double.doubleToRawLongBits(value)));
    }

    /**
     * Adds {@code delta} atomically; returns the new value.
     *
     * @param delta the amount to add; negative to subtract
     * @return the new value
     */
    public double addAndGet(double delta) {
        return updateAndGet(v -> v + delta);
    }

    /**
     * Adds {@code delta} atomically; returns the previous value.
     *
     * @param delta the amount to add; negative to subtract
     * @return the value before the call
     */
    public double getAndAdd(double delta) {
        while (true) {
            long bits = (long) Memory.LONG.getVolatile(buffer, VALUE);
            double current = Double.longBitsToDouble(bits);
            if ((boolean) Memory.LONG.compareAndSet(buffer, VALUE, bits, Double.doubleToRawLongBits(current + delta))) {
                return current;
            }
        }
    }

    /**
     * Sets the value to {@code update} if its bits are those of {@code expected}, atomically.
     *
     * @param expected the value whose bits it must hold for the update to happen
     * @param update   the value to set
     * @return true when the value was {@code expected} and is now {@code update}; false when nothing changed
     */
    public boolean compareAndSet(double expected, double update) {
        return (boolean) Memory.LONG.compareAndSet(buffer, VALUE,
                Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /**
     * Applies {@code function} atomically (retrying on contention); returns the new value.
     *
     * @param function from the current to the new value; it may run more than once, so it must be free of side effects
     * @return the new value, as {@code function} returned it
     */
    public double updateAndGet(DoubleUnaryOperator function) {
        while (true) {
            long bits = (long) Memory.LONG.getVolatile(buffer, VALUE);
            double next = function.applyAsDouble(Double.longBitsToDouble(bits));
            if ((boolean) Memory.LONG.compareAndSet(buffer, VALUE, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    @Override
    public String toString() {
        return "SharedDouble[" + get() + "]";
    }
}
