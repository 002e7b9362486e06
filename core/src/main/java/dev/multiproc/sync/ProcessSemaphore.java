package dev.multiproc.sync;

import dev.multiproc.internal.runtime.Interruption;
import dev.multiproc.internal.shm.Backoff;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.ProcessToken;
import dev.multiproc.internal.shm.RecoveryFlag;
import dev.multiproc.internal.shm.RecoveryLog;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentFiles;
import dev.multiproc.internal.shm.SegmentHeader;
import dev.multiproc.internal.shm.SemaphoreDescriptor;
import dev.multiproc.internal.shm.SemaphoreWord;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore shared by processes: Python's {@code multiprocessing.Semaphore}.
 *
 * <p>{@link #acquire()} takes a permit, waiting while there is none; {@link #release()} adds one,
 * from any thread of any process. {@link BoundedProcessSemaphore} refuses to grow past its initial
 * value.
 *
 * <pre>{@code
 * ProcessSemaphore slots = new ProcessSemaphore(2);     // at most two downloads at once
 * for (String url : urls) {
 *     new ChildProcess(u -> {
 *         slots.acquireUninterruptibly();
 *         try {
 *             download(u);
 *         } finally {
 *             slots.release();
 *         }
 *     }, url).start();
 * }
 * }</pre>
 *
 * <h2>A holder that dies</h2>
 * The semaphore counts, per process, the permits it acquired and has not released. When a waiter
 * finds no permit, it checks now and then whether a process holding permits has died, and if so
 * gives them back: the semaphore does not leak capacity to a process killed inside the guarded
 * section, and the waiter that recovered them is told by {@link #ownerDied()}; so does
 * {@link #tryAcquire()}, which finds no permit. Taking or paying back a permit and recording it are
 * one step as far as a killed process is concerned (a journaled change, see the internal
 * {@code SemaphoreWord}): a holder killed at any moment neither loses nor creates a permit. Counting is per
 * process: a release first pays back what the releasing process holds. So a process that only
 * acquires, while others only release (a consumer counting items a producer releases), holds
 * everything it consumed: if it is killed, those permits come back. Use a queue for that pattern.
 */
public sealed class ProcessSemaphore implements AutoCloseable, Serializable permits BoundedProcessSemaphore {
    private static final long serialVersionUID = 1L;
    private static final int REGION = SegmentHeader.LENGTH;
    private static final int BOUND = REGION + SemaphoreDescriptor.BOUND_OFFSET;
    private static final int UNTRACKED = -1;
    private static final int UNCLAIMED = -2;

    private final transient Segment segment;
    private final transient ByteBuffer buffer;
    private final transient RecoveryFlag recovery;
    private final transient Slot slot;

    /** This process's row in the holder table, shared by every copy of the semaphore in this JVM. */
    private static final class Slot {
        volatile int index = UNCLAIMED;
    }

    /**
     * A semaphore with {@code permits} permits.
     *
     * @param permits the initial number of permits, 0 or more
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public ProcessSemaphore(int permits) {
        this(create(permits, -1));
    }

    ProcessSemaphore(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.recovery = segment.local("recovery", RecoveryFlag::new);
        this.slot = segment.local("slot", Slot::new);
    }

    static Segment create(int permits, int bound) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0: " + permits);
        }
        Segment segment = Segment.create(SegmentFiles.newName("sem"), REGION + SemaphoreDescriptor.LENGTH);
        ByteBuffer buffer = segment.buffer();
        SemaphoreWord.init(buffer, REGION, permits);
        buffer.putInt(BOUND, bound);
        SegmentHeader.write(buffer, SegmentHeader.SEMAPHORE, 0);
        return segment;
    }

    static ProcessSemaphore attach(Segment segment) {
        int bound = segment.buffer().getInt(BOUND);
        return bound < 0 ? new ProcessSemaphore(segment) : new BoundedProcessSemaphore(segment);
    }

    /**
     * Takes a permit, waiting while there is none. An interrupt ends the wait with an unchecked
     * {@code MultiprocessingException} (see the README's rule on interruption).
     */
    public void acquire() {
        Interruption.unchecked(this, () -> {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return acquire(Backoff.NO_DEADLINE, true);
        });
    }

    /** Takes a permit, waiting while there is none; an interrupt does not end the wait. */
    public void acquireUninterruptibly() {
        try {
            acquire(Backoff.NO_DEADLINE, false);
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible wait was interrupted", e);
        }
    }

    /**
     * Takes a permit if one is available now: Python's {@code acquire(False)}.
     *
     * @return true when a permit was taken, false when none was available
     */
    public boolean tryAcquire() {
        if (tryTake()) {
            recovery.acquired(false);
            return true;
        }
        // none free: give back what dead holders held (a scan of the holder table, reading /proc
        // only for rows that hold permits), as a waiting acquire would
        if (recoverDeadHolders() > 0 && tryTake()) {
            recovery.acquired(true);
            return true;
        }
        return false;
    }

    /**
     * Waits at most {@code timeout} for a permit: Python's {@code acquire(timeout=...)}.
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only tries once
     * @return true when a permit was taken, false when the time ran out
     * @throws dev.multiproc.MultiprocessingException when the thread is interrupted while waiting; its interrupt status stays set
     */
    public boolean tryAcquire(Duration timeout) {
        return tryAcquire(ProcessLock.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits at most {@code time} for a permit; an interrupt ends the wait unchecked, as {@link #acquire()}.
     *
     * @param time how long to wait at most, in {@code unit}s; zero or negative only tries once
     * @param unit the unit of {@code time}, not {@code null}
     * @return true when a permit was taken, false when the time ran out
     */
    public boolean tryAcquire(long time, TimeUnit unit) {
        return Interruption.unchecked(this, () -> {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return acquire(Backoff.deadline(unit.toNanos(time)), true);
        });
    }

    /**
     * Adds a permit, waking a waiter.
     *
     * @throws IllegalStateException for a {@link BoundedProcessSemaphore} already at its bound
     */
    public void release() {
        // A release pays back this process's holding in the same step that adds the permit, so a
        // process killed at any moment neither loses a permit nor creates one (SemaphoreWord).
        int index = slot.index;
        boolean released;
        if (index >= 0) {
            synchronized (slot) { // the threads of this process share its row
                released = SemaphoreWord.release(buffer, REGION, index, buffer.getInt(BOUND));
            }
        } else {
            released = SemaphoreWord.release(buffer, REGION, -1, buffer.getInt(BOUND));
        }
        if (!released) {
            throw new IllegalStateException(this + " released too many times: value " + availablePermits()
                    + " is its bound");
        }
    }

    /**
     * Permits available now: Python's {@code get_value()}.
     *
     * @return the number of permits free at the moment of the call, 0 or more
     */
    public int availablePermits() {
        return SemaphoreWord.count(buffer, REGION);
    }

    /**
     * True if the calling thread's most recent acquire waited on permits that it then recovered
     * from a process that died holding them.
     *
     * @return true after such a recovery: the state the permits guard may be inconsistent
     */
    public boolean ownerDied() {
        return recovery.isSetForCurrentThread();
    }

    /** Removes the shared file if this instance created it; see {@link ProcessLock#close()}. */
    @Override
    public void close() {
        if (segment.isCreator()) {
            segment.unlink();
        }
    }

    private boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        if (tryTake()) {
            recovery.acquired(false);
            return true;
        }
        Backoff backoff = new Backoff();
        boolean recovered = false;
        boolean interrupted = false;
        try {
            while (true) {
                if (tryTake()) {
                    recovery.acquired(recovered);
                    return true;
                }
                if (backoff.livenessCheckDue() && recoverDeadHolders() > 0) {
                    recovered = true;
                    continue;
                }
                if (Backoff.expired(deadline)) {
                    return false;
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException("interrupted while waiting for " + this);
                    }
                    interrupted = true;
                }
                backoff.idle(deadline);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean tryTake() {
        if (SemaphoreWord.count(buffer, REGION) <= 0) {
            return false;
        }
        int index = slot.index;
        if (index == UNCLAIMED) {
            index = claimSlot();
        }
        if (index < 0) {
            return SemaphoreWord.tryTake(buffer, REGION, -1);
        }
        synchronized (slot) { // the threads of this process share its row
            return SemaphoreWord.tryTake(buffer, REGION, index);
        }
    }

    private int claimSlot() {
        synchronized (slot) {
            if (slot.index != UNCLAIMED) {
                return slot.index;
            }
            long self = ProcessToken.current();
            int index = findSlot(self);
            if (index < 0) {
                reclaimDeadSlots();
                index = findSlot(self);
            }
            slot.index = index < 0 ? UNTRACKED : index;
            return slot.index;
        }
    }

    private int findSlot(long self) {
        for (int i = 0; i < SemaphoreDescriptor.SLOTS; i++) {
            int token = REGION + SemaphoreDescriptor.slot(i);
            if ((boolean) Memory.LONG.compareAndSet(buffer, token, ProcessToken.NONE, self)) {
                return i;
            }
        }
        return -1;
    }

    private void reclaimDeadSlots() {
        for (int i = 0; i < SemaphoreDescriptor.SLOTS; i++) {
            recoverSlot(i, true);
        }
    }

    /** Gives back the permits of dead processes; returns how many. */
    private int recoverDeadHolders() {
        int total = 0;
        for (int i = 0; i < SemaphoreDescriptor.SLOTS; i++) {
            if (SemaphoreWord.held(buffer, REGION, i) > 0) {
                total += recoverSlot(i, false);
            }
        }
        return total;
    }

    private int recoverSlot(int i, boolean evenIfEmpty) {
        int token = REGION + SemaphoreDescriptor.slot(i);
        long holder = (long) Memory.LONG.getVolatile(buffer, token);
        if (holder == ProcessToken.NONE || holder == SemaphoreDescriptor.RECOVERING
                || holder == ProcessToken.current() || ProcessToken.isAlive(holder)) {
            return 0;
        }
        if (!evenIfEmpty && SemaphoreWord.held(buffer, REGION, i) <= 0) {
            return 0;
        }
        if (!(boolean) Memory.LONG.compareAndSet(buffer, token, holder, SemaphoreDescriptor.RECOVERING)) {
            return 0;
        }
        int permits = SemaphoreWord.recover(buffer, REGION, i, buffer.getInt(BOUND));
        if (permits > 0) {
            Memory.LONG.getAndAdd(buffer, REGION + SemaphoreDescriptor.RECOVERIES_OFFSET, (long) permits);
            RecoveryLog.warn("recovered {0} permit(s) of {1} from process {2}, which died holding them",
                    permits, this, ProcessToken.pid(holder));
        }
        Memory.LONG.setRelease(buffer, token, ProcessToken.NONE);
        return permits;
    }

    /**
     * Sends the semaphore by name: the receiving process maps the same shared memory.
     *
     * @return the serialized form naming the semaphore's shared-memory segment
     */
    Object writeReplace() {
        // package-private, not private: BoundedProcessSemaphore inherits it
        return new SerialForm(SerialForm.SEMAPHORE, segment.name(), REGION, true);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + segment.name() + "]";
    }
}
