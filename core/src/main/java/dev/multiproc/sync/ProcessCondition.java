package dev.multiproc.sync;

import dev.multiproc.internal.runtime.Interruption;
import dev.multiproc.internal.shm.Backoff;
import dev.multiproc.internal.shm.ConditionCounters;
import dev.multiproc.internal.shm.ConditionDescriptor;
import dev.multiproc.internal.shm.LockDescriptor;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentFiles;
import dev.multiproc.internal.shm.SegmentHeader;

import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by processes: Python's {@code multiprocessing.Condition}.
 *
 * <p>Like Python's, it is both a lock and a condition: {@link #lock()}/{@link #unlock()} act on its
 * lock (a new {@link ReentrantProcessLock} by default, or the {@link ProcessLock} or
 * {@link ReentrantProcessLock} given), and {@link #await()}, {@link #signal(int)} and
 * {@link #signalAll()} must be called while holding it. Waiting releases every hold of a reentrant
 * lock and restores them before returning, as Python does.
 *
 * <pre>{@code
 * ProcessCondition ready = new ProcessCondition();
 * SharedInt state = SharedInt.raw();
 * new ChildProcess(() -> {
 *     ready.lock();
 *     try {
 *         state.set(1);
 *         ready.signalAll();
 *     } finally {
 *         ready.unlock();
 *     }
 * }).start();
 * ready.lock();
 * try {
 *     boolean ok = ready.waitFor(() -> state.get() == 1, Duration.ofSeconds(5));
 * } finally {
 *     ready.unlock();
 * }
 * }</pre>
 *
 * <p>Python name map: {@code wait(timeout)} is {@link #await(Duration)}, {@code wait_for} is
 * {@link #waitFor}, {@code notify(n)} is {@link #signal(int)}, {@code notify_all} is
 * {@link #signalAll()}. A wait begun after a signal never takes that signal from a thread that was
 * already waiting. If a process is killed while waiting, a later {@link #signal()} may be spent on
 * it (as if it had woken); {@link #signalAll()} is not affected. Prefer {@link #waitFor}, which
 * re-checks its predicate.
 */
public final class ProcessCondition implements Condition, Lock, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int LOCK_REGION = SegmentHeader.LENGTH;
    private static final int CONDITION_REGION = LOCK_REGION + LockDescriptor.LENGTH;
    private static final int SIZE = CONDITION_REGION + ConditionDescriptor.LENGTH;

    private final transient Segment segment;
    /** The shared wake-up counters; this class adds the user's lock around them. */
    private final transient ConditionCounters counters;
    private final transient Lock lock;

    /** A new condition with its own new {@link ReentrantProcessLock}, as in Python. */
    public ProcessCondition() {
        this.segment = newSegment();
        this.counters = counters(segment);
        this.lock = new ReentrantProcessLock(segment, LOCK_REGION, false);
    }

    /**
     * A new condition over {@code lock}.
     *
     * @param lock the lock that {@code await} releases and takes back, and that {@code signal} requires
     * @throws IllegalArgumentException unless it is a {@link ProcessLock} or a
     *                                  {@link ReentrantProcessLock}
     */
    public ProcessCondition(Lock lock) {
        this(newSegment(), checkLock(lock));
    }

    /** A condition whose region is at {@link #CONDITION_REGION} of {@code segment}. */
    ProcessCondition(Segment segment, Lock lock) {
        this.segment = segment;
        this.counters = counters(segment);
        this.lock = lock;
    }

    private static ConditionCounters counters(Segment segment) {
        return new ConditionCounters(segment, CONDITION_REGION, "ProcessCondition[" + segment.name() + "]");
    }

    private static Lock checkLock(Lock lock) {
        if (!(lock instanceof ProcessLock) && !(lock instanceof ReentrantProcessLock)) {
            throw new IllegalArgumentException("a ProcessCondition needs a ProcessLock or ReentrantProcessLock, not "
                    + (lock == null ? "null" : lock.getClass().getName()));
        }
        return lock;
    }

    private static Segment newSegment() {
        Segment segment = Segment.create(SegmentFiles.newName("cond"), SIZE);
        SegmentHeader.write(segment.buffer(), SegmentHeader.CONDITION, 0);
        return segment;
    }

    /**
     * The lock this condition uses.
     *
     * @return the {@link ProcessLock} or {@link ReentrantProcessLock} given when the condition was made
     */
    public Lock getLock() {
        return lock;
    }

    // ---- Lock: delegated, so that a condition reads like Python's ----

    @Override
    public void lock() {
        lock.lock();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        lock.lockInterruptibly();
    }

    @Override
    public boolean tryLock() {
        return lock.tryLock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return lock.tryLock(time, unit);
    }

    @Override
    public void unlock() {
        lock.unlock();
    }

    /** Another condition over the same lock. */
    @Override
    public ProcessCondition newCondition() {
        return new ProcessCondition(lock);
    }

    // ---- Condition ----

    @Override
    public void await() throws InterruptedException {
        awaitNanos(Long.MAX_VALUE);
    }

    /**
     * Waits until signalled or {@code timeout} passes: Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait at most, not {@code null}
     * @return false if the timeout passed without a signal
     */
    public boolean await(Duration timeout) {
        return Interruption.unchecked(this, () -> awaitNanos(ProcessLock.saturatedNanos(timeout)) > 0);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitNanos(unit.toNanos(time)) > 0;
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return await(deadline.getTime() - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                await();
                break;
            } catch (InterruptedException e) {
                // the lock is held again here; a wake-up meant for us went to another waiter
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until signalled or {@code nanos} pass.
     *
     * @return an estimate of the time left, {@code <= 0} if it timed out
     */
    @Override
    public long awaitNanos(long nanos) throws InterruptedException {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot wait on " + this + " without holding its lock");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = Backoff.deadline(nanos);
        ConditionCounters.Wait wait = counters.begin();
        int holds = releaseForWait();
        boolean signalled;
        boolean interrupted = false;
        try {
            Backoff backoff = new Backoff();
            while (true) {
                if (counters.tryWake(wait)) {
                    signalled = true;
                    break;
                }
                if (Backoff.expired(deadline) || (interrupted = Thread.interrupted())) {
                    signalled = counters.retire(wait);
                    break;
                }
                backoff.idle(deadline);
            }
        } finally {
            reacquireAfterWait(holds);
        }
        if (interrupted) {
            if (!signalled) {
                throw new InterruptedException("interrupted while waiting on " + this);
            }
            // signalled as we were interrupted: return normally, keep the interrupt visible
            Thread.currentThread().interrupt();
        }
        if (!signalled) {
            return 0;
        }
        return deadline == Backoff.NO_DEADLINE ? Long.MAX_VALUE : Math.max(1, deadline - System.nanoTime());
    }

    /**
     * Waits until {@code predicate} is true, re-checking it after each wake-up: Python's
     * {@code wait_for(predicate)}. Must be called holding the lock.
     *
     * @param predicate the state waited for; checked holding the lock, first before any wait
     * @return true, the predicate's value when the wait ends
     */
    public boolean waitFor(BooleanSupplier predicate) {
        return waitFor(predicate, null);
    }

    /**
     * Waits until {@code predicate} is true or {@code timeout} passes (null: no timeout): Python's
     * {@code wait_for(predicate, timeout)}.
     *
     * @param predicate the state waited for; checked holding the lock, first before any wait
     * @param timeout   how long to wait at most, in total over all wake-ups; {@code null} waits without limit
     * @return the last value of the predicate
     */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) {
        return Interruption.unchecked(this, () -> waitForInterruptibly(predicate, timeout));
    }

    /** {@link #waitFor(BooleanSupplier, Duration)} with the checked interrupt, for the barrier. */
    boolean waitForInterruptibly(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Backoff.NO_DEADLINE : Backoff.deadline(ProcessLock.saturatedNanos(timeout));
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long left = deadline == Backoff.NO_DEADLINE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            awaitNanos(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Wakes one waiter: Python's {@code notify()}. */
    @Override
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} of the threads waiting now, in this or other processes: Python's
     * {@code notify(n)}. Must be called holding the lock.
     *
     * @param n the most threads to wake; 0 or less wakes none
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public void signal(int n) {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot notify on " + this + " without holding its lock");
        }
        if (n <= 0) {
            return;
        }
        counters.signal(n);
    }

    /** Wakes every thread waiting now: Python's {@code notify_all()}. */
    @Override
    public void signalAll() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot notify on " + this + " without holding its lock");
        }
        counters.signalAll();
    }

    /**
     * Threads of all processes waiting on this condition now and not yet signalled.
     *
     * @return the number of such waiters, 0 or more; a snapshot that may change at once
     */
    public int getWaitQueueLength() {
        return counters.waiting();
    }

    /** Removes the shared file if this instance created it; see {@link ProcessLock#close()}. */
    @Override
    public void close() {
        if (segment.isCreator()) {
            segment.unlink();
        }
    }

    private boolean isHeldByCurrentThread() {
        return lock instanceof ReentrantProcessLock
                ? ((ReentrantProcessLock) lock).isHeldByCurrentThread()
                : ((ProcessLock) lock).isHeldByCurrentThread();
    }

    private int releaseForWait() {
        return lock instanceof ReentrantProcessLock
                ? ((ReentrantProcessLock) lock).releaseForWait()
                : ((ProcessLock) lock).releaseForWait();
    }

    private void reacquireAfterWait(int holds) {
        if (lock instanceof ReentrantProcessLock) {
            ((ReentrantProcessLock) lock).reacquireAfterWait(holds);
        } else {
            ((ProcessLock) lock).reacquireAfterWait(holds);
        }
    }

    /**
     * Sends the condition by name: the receiving process maps the same shared memory.
     *
     * @return the serialized form naming the condition's shared-memory segment
     */
    private Object writeReplace() {
        return new SerialForm(SerialForm.CONDITION, segment.name(), CONDITION_REGION, true, lock);
    }

    @Override
    public String toString() {
        return "ProcessCondition[" + segment.name() + "]";
    }
}
