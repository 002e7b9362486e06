package dev.multiproc.sync;

import dev.multiproc.internal.runtime.Interruption;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.internal.shm.BarrierDescriptor;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentFiles;
import dev.multiproc.internal.shm.SegmentHeader;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A rendezvous of a fixed number of parties across processes: Python's
 * {@code multiprocessing.Barrier} (that is, {@code threading.Barrier} semantics).
 *
 * <p>Each party calls {@link #await()}; the call returns once {@link #getParties()} parties have
 * called it, each with a distinct index from 0 (first arrival) to {@code parties - 1} (last
 * arrival, which also runs the action, once per round, before anyone is released). The barrier then
 * resets itself for the next round. A timeout, {@link #abort()}, {@link #reset()} while parties
 * wait, or a failing action breaks it: waiting parties get {@link BarrierBrokenException}, as do
 * later calls until {@link #reset()}.
 *
 * <pre>{@code
 * ProcessBarrier start = new ProcessBarrier(3, () -> System.out.println("go"), Duration.ofSeconds(30));
 * for (int i = 0; i < 3; i++) {
 *     new ChildProcess(() -> {
 *         int index = start.await();
 *         System.out.println("party " + index + " released");
 *     }).start();
 * }
 * }</pre>
 *
 * <p>The index is Python's, which counts the other way from {@link java.util.concurrent.CyclicBarrier}.
 * Python name map: {@code wait} is {@link #await()}, {@code n_waiting} is
 * {@link #getNumberWaiting()}, {@code broken} is {@link #isBroken()}.
 */
public final class ProcessBarrier implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int STATE = BarrierDescriptor.STATE_OFFSET;
    private static final int COUNT = BarrierDescriptor.COUNT_OFFSET;

    /**
     * What a barrier is besides its shared words: travels with it to other processes.
     *
     * @param parties how many processes the barrier waits for
     * @param action  run by the last party to arrive, or null
     * @param timeout the default wait, or null for none
     */
    record Settings(int parties, SerializableRunnable action, Duration timeout) implements Serializable {
    }

    private final transient Segment segment;
    private final transient ByteBuffer buffer;
    private final transient Settings settings;
    private final transient ProcessLock lock;
    private final transient ProcessCondition condition;

    /**
     * A barrier for {@code parties} parties, no action, no default timeout.
     *
     * @param parties how many parties must call {@code await} before all pass, at least 1
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public ProcessBarrier(int parties) {
        this(parties, null, null);
    }

    /**
     * A barrier for {@code parties} parties, no action, and {@code timeout} as the default timeout of {@link #await()}.
     *
     * @param parties how many parties must call {@code await} before all pass, at least 1
     * @param timeout the default timeout of {@link #await()} (null: none)
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public ProcessBarrier(int parties, Duration timeout) {
        this(parties, null, timeout);
    }

    /**
     * A barrier for {@code parties} parties: Python's {@code Barrier(parties, action, timeout)}.
     *
     * @param parties how many parties must call {@code await} before all pass, at least 1
     * @param action  run by the last party to arrive in each round, before the others are released
     *                (null: none); must be serializable to reach other processes
     * @param timeout the default timeout of {@link #await()} (null: none)
     */
    public ProcessBarrier(int parties, SerializableRunnable action, Duration timeout) {
        this(newSegment(parties), new Settings(parties, action, timeout));
    }

    ProcessBarrier(Segment segment, Settings settings) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.settings = settings;
        this.lock = new ProcessLock(segment, BarrierDescriptor.LOCK_REGION, false);
        this.condition = new ProcessCondition(segment, lock);
    }

    private static Segment newSegment(int parties) {
        if (parties <= 0) {
            throw new IllegalArgumentException("a barrier needs at least one party: " + parties);
        }
        Segment segment = Segment.create(SegmentFiles.newName("barrier"), BarrierDescriptor.LENGTH);
        segment.buffer().putInt(BarrierDescriptor.PARTIES_OFFSET, parties);
        SegmentHeader.write(segment.buffer(), SegmentHeader.BARRIER, parties);
        return segment;
    }

    /**
     * Waits for every party, with the default timeout.
     *
     * @return this party's arrival index, 0 for the first and {@code parties - 1} for the last
     * @throws BarrierBrokenException if the barrier is or becomes broken while waiting
     */
    public int await() {
        return await(settings.timeout());
    }

    /**
     * Waits for every party, at most {@code timeout} (null: no timeout); a timeout breaks the
     * barrier for every party.
     *
     * @param timeout how long to wait at most for the other parties; {@code null} waits without limit
     * @return this party's arrival index, 0 for the first and {@code parties - 1} for the last
     * @throws BarrierBrokenException if the barrier is or becomes broken while waiting, or the timeout passes
     */
    public int await(Duration timeout) {
        return Interruption.unchecked(this, () -> awaitInterruptibly(timeout));
    }

    private int awaitInterruptibly(Duration timeout) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            // A round that is still draining (or being reset) must empty before the next fills.
            while (state() == BarrierDescriptor.DRAINING || state() == BarrierDescriptor.RESETTING) {
                condition.await();
            }
            if (state() == BarrierDescriptor.BROKEN) {
                throw broken("broken");
            }
            int index = count();
            setCount(index + 1);
            try {
                if (index + 1 == settings.parties()) {
                    release();
                } else {
                    waitForRelease(timeout);
                }
                return index;
            } finally {
                setCount(count() - 1);
                if (count() == 0 && (state() == BarrierDescriptor.DRAINING || state() == BarrierDescriptor.RESETTING)) {
                    setState(BarrierDescriptor.FILLING);
                    condition.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        try {
            if (settings.action() != null) {
                settings.action().run();
            }
            setState(BarrierDescriptor.DRAINING);
            condition.signalAll();
        } catch (RuntimeException | Error e) {
            breakBarrier();
            throw e;
        }
    }

    private void waitForRelease(Duration timeout) throws InterruptedException {
        boolean released;
        try {
            released = condition.waitForInterruptibly(() -> state() != BarrierDescriptor.FILLING, timeout);
        } catch (InterruptedException e) {
            breakBarrier();
            throw e;
        }
        if (!released) {
            breakBarrier();
            throw broken("timed out after " + timeout);
        }
        if (state() < 0) {
            throw broken(state() == BarrierDescriptor.RESETTING ? "reset while waiting" : "broken while waiting");
        }
    }

    /**
     * Returns the barrier to its initial state; parties waiting now get
     * {@link BarrierBrokenException}.
     */
    public void reset() {
        lock.lock();
        try {
            if (count() > 0) {
                if (state() == BarrierDescriptor.FILLING || state() == BarrierDescriptor.BROKEN) {
                    setState(BarrierDescriptor.RESETTING);
                }
            } else {
                setState(BarrierDescriptor.FILLING);
            }
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Breaks the barrier: waiting and future {@link #await()} calls throw until {@link #reset()}. */
    public void abort() {
        lock.lock();
        try {
            breakBarrier();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of parties needed to pass.
     *
     * @return the {@code parties} the barrier was created with
     */
    public int getParties() {
        return settings.parties();
    }

    /**
     * Parties waiting in the current round: Python's {@code n_waiting}.
     *
     * @return how many parties wait now, in any process; 0 while the barrier drains or is broken
     */
    public int getNumberWaiting() {
        lock.lock();
        try {
            return state() == BarrierDescriptor.FILLING ? count() : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether the barrier is broken: Python's {@code broken}.
     *
     * @return true after {@link #abort()}, a timeout or a failed action, until {@link #reset()}
     */
    public boolean isBroken() {
        return state() == BarrierDescriptor.BROKEN;
    }

    /** Removes the shared file if this instance created it; see {@link ProcessLock#close()}. */
    @Override
    public void close() {
        if (segment.isCreator()) {
            segment.unlink();
        }
    }

    private void breakBarrier() {
        setState(BarrierDescriptor.BROKEN);
        condition.signalAll();
    }

    private BarrierBrokenException broken(String why) {
        return new BarrierBrokenException(this + " " + why);
    }

    private int state() {
        return (int) Memory.INT.getVolatile(buffer, STATE);
    }

    private void setState(int state) {
        Memory.INT.setVolatile(buffer, STATE, state);
    }

    private int count() {
        return (int) Memory.INT.getVolatile(buffer, COUNT);
    }

    private void setCount(int count) {
        Memory.INT.setVolatile(buffer, COUNT, count);
    }

    /**
     * Sends the barrier by name: the receiving process maps the same shared memory.
     *
     * @return the serialized form naming the barrier's shared-memory segment
     */
    private Object writeReplace() {
        return new SerialForm(SerialForm.BARRIER, segment.name(), SegmentHeader.LENGTH, true, settings);
    }

    @Override
    public String toString() {
        return "ProcessBarrier[" + segment.name() + ", parties " + settings.parties() + "]";
    }
}
