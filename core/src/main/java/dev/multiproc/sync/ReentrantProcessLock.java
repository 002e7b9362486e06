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
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reentrant lock shared by processes: Python's {@code multiprocessing.RLock}, with the manners of
 * {@link ReentrantLock}.
 *
 * <p>The thread that holds it may lock it again; it is free once unlocked as many times. Only the
 * owning thread may unlock it ({@link IllegalMonitorStateException} otherwise, where Python raises
 * {@code AssertionError}). Recovery from a dead owner works as for {@link ProcessLock}: the next
 * acquirer takes the lock over and {@link #ownerDied()} tells it so.
 *
 * <pre>{@code
 * ReentrantProcessLock lock = new ReentrantProcessLock();
 * new ChildProcess(() -> {
 *     lock.lock();
 *     try {
 *         lock.lock();               // reentrant
 *         try {
 *             System.out.println("held " + lock.getHoldCount() + " times");
 *         } finally {
 *             lock.unlock();
 *         }
 *     } finally {
 *         lock.unlock();
 *     }
 * }).start();
 * }</pre>
 *
 * <p>How: threads of one JVM queue on a JVM-local {@link ReentrantLock} (one per lock and JVM,
 * shared by every deserialized copy), which also counts the holds; only the thread that gets it
 * competes for the shared word with other processes. Threads of the same JVM thus wait efficiently
 * and in order, and the shared word only ever holds a process, never a recursion count.
 */
public final class ReentrantProcessLock implements Lock, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int STANDALONE_SIZE = SegmentHeader.LENGTH + LockDescriptor.LENGTH;

    private final transient LockSlot slot;
    private final transient ReentrantLock gate;

    /** A new, unlocked reentrant lock. */
    public ReentrantProcessLock() {
        this(newSegment(), SegmentHeader.LENGTH, true);
    }

    ReentrantProcessLock(Segment segment, int region, boolean standalone) {
        this.slot = new LockSlot(segment, region, standalone);
        this.gate = segment.local("gate@" + region, ReentrantLock::new);
    }

    private static Segment newSegment() {
        Segment segment = Segment.create(SegmentFiles.newName("rlock"), STANDALONE_SIZE);
        SegmentHeader.write(segment.buffer(), SegmentHeader.RLOCK, 0);
        return segment;
    }

    /** Waits until the lock is free or held by the calling thread, then takes it; not interruptible. */
    @Override
    public void lock() {
        gate.lock();
        if (gate.getHoldCount() == 1) {
            try {
                takeWord(Backoff.NO_DEADLINE, false);
            } catch (InterruptedException e) {
                gate.unlock();
                throw new AssertionError("an uninterruptible wait was interrupted", e);
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        gate.lockInterruptibly();
        if (gate.getHoldCount() == 1) {
            try {
                takeWord(Backoff.NO_DEADLINE, true);
            } catch (InterruptedException | RuntimeException | Error e) {
                gate.unlock();
                throw e;
            }
        }
    }

    /** Takes the lock if it is free or already held by the calling thread. */
    @Override
    public boolean tryLock() {
        if (!gate.tryLock()) {
            return false;
        }
        if (gate.getHoldCount() > 1) {
            return true;
        }
        if (slot.tryTakeOrRecover(toString())) {
            return true;
        }
        gate.unlock();
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        long deadline = Backoff.deadline(unit.toNanos(time));
        if (!gate.tryLock(time, unit)) {
            return false;
        }
        if (gate.getHoldCount() > 1) {
            return true;
        }
        boolean acquired = false;
        try {
            acquired = takeWord(deadline, true);
            return acquired;
        } finally {
            if (!acquired) {
                gate.unlock();
            }
        }
    }

    /**
     * Waits at most {@code timeout} for the lock (Python's {@code acquire(timeout=...)}).
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only tries once
     * @return true when the calling thread now holds the lock (once more, if it held it already),
     *         false when the time ran out
     * @throws dev.multiproc.MultiprocessingException when the thread is interrupted while waiting; its interrupt status stays set
     */
    public boolean tryLock(Duration timeout) {
        return Interruption.unchecked(this, () -> tryLock(ProcessLock.saturatedNanos(timeout), TimeUnit.NANOSECONDS));
    }

    private boolean takeWord(long deadline, boolean interruptible) throws InterruptedException {
        return slot.take(deadline, interruptible, toString());
    }

    /**
     * Releases one hold; the lock is free when the last is released.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    @Override
    public void unlock() {
        if (!gate.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot release " + this + ": not held by thread "
                    + Thread.currentThread().getName() + " of process " + ProcessHandle.current().pid());
        }
        if (gate.getHoldCount() == 1) {
            slot.release();
        }
        gate.unlock();
    }

    /**
     * A new {@link ProcessCondition} bound to this lock. Its {@code await} releases every hold of
     * the calling thread and takes them all back before it returns.
     *
     * @return a new condition, usable from every process that receives it
     */
    @Override
    public ProcessCondition newCondition() {
        return new ProcessCondition(this);
    }

    /**
     * How many times the calling thread holds this lock.
     *
     * @return the number of acquires not yet released by the calling thread; 0 if it does not hold it
     */
    public int getHoldCount() {
        return gate.getHoldCount();
    }

    /**
     * Tells whether the calling thread holds this lock.
     *
     * @return true if the calling thread holds it at least once
     */
    public boolean isHeldByCurrentThread() {
        return gate.isHeldByCurrentThread();
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
     * Which process holds the lock, for diagnostics.
     *
     * @return the pid of the process holding the lock, empty when it is free
     */
    public OptionalLong ownerPid() {
        return slot.ownerPid();
    }

    /**
     * True if the calling thread's most recent first-level acquire took the lock over from a
     * process that died holding it (see {@link ProcessLock#ownerDied()}).
     *
     * @return true after a take-over: the state the lock protects may be inconsistent
     */
    public boolean ownerDied() {
        return slot.ownerDied();
    }

    /** Removes the shared file if this instance created it; see {@link ProcessLock#close()}. */
    @Override
    public void close() {
        slot.close();
    }

    /** Releases every hold of the calling thread for a condition wait; returns how many. */
    int releaseForWait() {
        int holds = gate.getHoldCount();
        slot.release();
        for (int i = 0; i < holds; i++) {
            gate.unlock();
        }
        return holds;
    }

    void reacquireAfterWait(int holds) {
        lock();
        for (int i = 1; i < holds; i++) {
            gate.lock();
        }
    }

    /**
     * Sends the lock by name: the receiving process maps the same shared memory.
     *
     * @return the serialized form naming the lock's shared-memory segment and region
     */
    private Object writeReplace() {
        return new SerialForm(SerialForm.RLOCK, slot.segment.name(), slot.region, slot.standalone);
    }

    @Override
    public String toString() {
        return slot.describe("ReentrantProcessLock", SegmentHeader.LENGTH);
    }
}
