package dev.multiproc.sync;

import dev.multiproc.internal.runtime.Interruption;
import dev.multiproc.internal.shm.Backoff;
import dev.multiproc.internal.shm.LockDescriptor;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentFiles;
import dev.multiproc.internal.shm.SegmentHeader;

import java.io.Serializable;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * A non-recursive lock shared by processes: Python's {@code multiprocessing.Lock}.
 *
 * <p>Pass it to child processes as an argument (it is {@link Serializable}: the child maps the same
 * shared memory). Like Python's lock, and unlike {@link java.util.concurrent.locks.ReentrantLock},
 * any thread of any process may release it, and releasing an unlocked lock throws
 * {@link IllegalMonitorStateException}. A thread that locks it twice deadlocks; use
 * {@link ReentrantProcessLock} for that.
 *
 * <pre>{@code
 * ProcessLock lock = new ProcessLock();
 * SerializableConsumer<Integer> printSafe = i -> {
 *     lock.lock();
 *     try {
 *         System.out.println("hello from " + i);
 *     } finally {
 *         lock.unlock();
 *     }
 * };
 * for (int i = 0; i < 4; i++) new ChildProcess(printSafe, i).start();
 * }</pre>
 *
 * <h2>A holder that dies</h2>
 * The lock word holds the owner's pid (and start time, so a reused pid is not mistaken for the
 * owner). A process killed while holding the lock does not deadlock the others: the next waiter
 * notices within ~20 ms, takes the lock over and returns normally from {@code lock()}. The data the
 * lock protected may be half-updated, so it is told: {@link #ownerDied()} is true for that thread,
 * like POSIX robust mutexes' {@code EOWNERDEAD}. A flag rather than an exception, because an
 * exception thrown by {@code lock()} would skip the {@code try/finally} that releases the lock.
 * <pre>{@code
 * lock.lock();
 * try {
 *     if (lock.ownerDied()) repairCounters();
 *     ...
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 *
 * <h2>Waiting</h2>
 * An uncontended lock/unlock is two atomic instructions on a shared page. A waiter spins ~30 us,
 * then parks for 50 us growing to 2 ms between checks, so a long wait costs well under 1% of a CPU
 * and a quick hand-off between running processes stays in the microseconds.
 *
 * <h2>Lifetime</h2>
 * The lock lives in a file under {@code /dev/shm}, removed by {@link #close()} in the creating
 * instance or, at the latest, when the root process of the tree exits.
 */
public final class ProcessLock implements Lock, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int STANDALONE_SIZE = SegmentHeader.LENGTH + LockDescriptor.LENGTH;

    private final transient LockSlot slot;

    /** A new, unlocked lock. */
    public ProcessLock() {
        this(newSegment(), SegmentHeader.LENGTH, true);
    }

    /** A lock whose word lives at {@code region} of {@code segment} (inside another primitive). */
    ProcessLock(Segment segment, int region, boolean standalone) {
        this.slot = new LockSlot(segment, region, standalone);
    }

    private static Segment newSegment() {
        Segment segment = Segment.create(SegmentFiles.newName("lock"), STANDALONE_SIZE);
        SegmentHeader.write(segment.buffer(), SegmentHeader.LOCK, 0);
        return segment;
    }

    static ProcessLock attach(String name) {
        Segment segment = Segment.attach(name);
        SegmentHeader.check(segment, SegmentHeader.LOCK);
        return new ProcessLock(segment, SegmentHeader.LENGTH, false);
    }

    /** Waits until the lock is free and takes it; not interruptible (see {@link #lockInterruptibly}). */
    @Override
    public void lock() {
        if (!slot.tryTake()) {
            try {
                slot.take(Backoff.NO_DEADLINE, false, toString());
            } catch (InterruptedException e) {
                throw new AssertionError("an uninterruptible wait was interrupted", e);
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!slot.tryTake()) {
            slot.take(Backoff.NO_DEADLINE, true, toString());
        }
    }

    /** Takes the lock if it is free right now (Python's {@code acquire(False)}). */
    @Override
    public boolean tryLock() {
        return slot.tryTakeOrRecover(toString());
    }

    /** Waits at most {@code time} for the lock; false if it was not acquired in time. */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryLock()) {
            return true;
        }
        return slot.take(Backoff.deadline(unit.toNanos(time)), true, toString());
    }

    /**
     * Waits at most {@code timeout} for the lock (Python's {@code acquire(timeout=...)}).
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only tries once
     * @return true when the calling thread now holds the lock, false when the time ran out
     * @throws dev.multiproc.MultiprocessingException when the thread is interrupted while waiting; its interrupt status stays set
     */
    public boolean tryLock(Duration timeout) {
        return Interruption.unchecked(this, () -> tryLock(saturatedNanos(timeout), TimeUnit.NANOSECONDS));
    }

    /**
     * Releases the lock; any thread of any process may (as in Python).
     *
     * @throws IllegalMonitorStateException if it is not locked
     */
    @Override
    public void unlock() {
        if (!slot.release()) {
            throw new IllegalMonitorStateException("release of unlocked " + this);
        }
    }

    /**
     * A new {@link ProcessCondition} bound to this lock, usable from every process that receives
     * it. Its {@code await} requires that the calling thread acquired this lock.
     *
     * @return a new condition; it can be sent to other processes together with, or apart from, this lock
     */
    @Override
    public ProcessCondition newCondition() {
        return new ProcessCondition(this);
    }

    /**
     * Tells whether the lock is held; by the time the caller looks, that may have changed.
     *
     * @return true if some thread of some process holds the lock
     */
    public boolean isLocked() {
        return slot.isLocked();
    }

    /**
     * Tells whether the calling thread holds the lock.
     *
     * @return true if the calling thread acquired the lock and it has not been released since
     */
    public boolean isHeldByCurrentThread() {
        return slot.isTakenByCurrentThread();
    }

    /**
     * Which process holds the lock, for diagnostics.
     *
     * @return the pid of the process holding the lock, empty when it is free
     */
    public OptionalLong ownerPid() {
        return slot.ownerPid();
    }

    /**
     * True if the calling thread's most recent acquire of this lock took it over from a process
     * that died holding it: the state the lock protects may be inconsistent.
     *
     * @return true after a take-over, false after an ordinary acquire or when the thread never acquired it
     */
    public boolean ownerDied() {
        return slot.ownerDied();
    }

    /**
     * Removes the shared file if this instance created it; processes that already hold the lock
     * keep working, but it can no longer be sent to new processes. A no-op elsewhere.
     */
    @Override
    public void close() {
        slot.close();
    }

    Segment segment() {
        return slot.segment;
    }

    int region() {
        return slot.region;
    }

    // Condition support: a ProcessLock has a single level of holding.
    int releaseForWait() {
        unlock();
        return 1;
    }

    void reacquireAfterWait(int holds) {
        lock();
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Sends the lock by name: the receiving process maps the same shared memory.
     *
     * @return the serialized form naming the lock's shared-memory segment and region
     */
    private Object writeReplace() {
        return new SerialForm(SerialForm.LOCK, slot.segment.name(), slot.region, slot.standalone);
    }

    @Override
    public String toString() {
        return slot.describe("ProcessLock", SegmentHeader.LENGTH);
    }
}
