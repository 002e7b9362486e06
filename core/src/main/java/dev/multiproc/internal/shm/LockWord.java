package dev.multiproc.internal.shm;

import java.nio.ByteBuffer;

/**
 * Operations on a {@link LockDescriptor} region: a robust, non-recursive mutex across processes.
 *
 * <p>Fast path: one CAS of the owner word from 0 to this process's {@link ProcessToken}. Slow
 * path: {@link Backoff} (spin, then park with growing timeouts) while re-reading the word; now and
 * then the waiter checks that the owner is still alive, and if it is not, CASes the dead token to
 * its own: the lock is recovered, never deadlocked by a process killed while holding it.
 */
public final class LockWord {
    /** {@link #acquire} result: the lock was free. */
    public static final int ACQUIRED = 0;
    /** {@link #acquire} result: the lock was taken over from a process that died holding it. */
    public static final int RECOVERED = 1;
    /** {@link #acquire} result: the deadline passed. */
    public static final int TIMED_OUT = 2;


    private LockWord() {
    }

    /** One attempt; true if the caller now holds the lock. */
    public static boolean tryAcquire(ByteBuffer buffer, int region) {
        if ((boolean) Memory.LONG.compareAndSet(buffer, region + LockDescriptor.OWNER_OFFSET,
                ProcessToken.NONE, ProcessToken.current())) {
            setOwnerThread(buffer, region);
            return true;
        }
        return false;
    }

    /**
     * One attempt that also takes the lock over from a holder that died: the liveness check (a
     * read of {@code /proc}) is made only when the word says the lock is held by another process,
     * so a free lock costs one CAS as before.
     *
     * @return {@link #ACQUIRED}, {@link #RECOVERED}, or {@link #TIMED_OUT} when a live process holds it
     */
    public static int tryAcquireOrRecover(ByteBuffer buffer, int region, String name) {
        if (tryAcquire(buffer, region)) {
            return ACQUIRED;
        }
        long holder = owner(buffer, region);
        if (holder != ProcessToken.NONE && holder != ProcessToken.current() && !ProcessToken.isAlive(holder)
                && recover(buffer, region, holder, name)) {
            return RECOVERED;
        }
        return TIMED_OUT;
    }

    private static boolean recover(ByteBuffer buffer, int region, long deadHolder, String name) {
        if (!(boolean) Memory.LONG.compareAndSet(buffer, region + LockDescriptor.OWNER_OFFSET, deadHolder,
                ProcessToken.current())) {
            return false;
        }
        setOwnerThread(buffer, region);
        Memory.LONG.getAndAdd(buffer, region + LockDescriptor.RECOVERIES_OFFSET, 1L);
        RecoveryLog.warn("recovered {0} from process {1}, which died holding it", name, ProcessToken.pid(deadHolder));
        return true;
    }

    /**
     * Waits for the lock until {@code deadline} ({@link Backoff#NO_DEADLINE} for none).
     *
     * @param interruptible whether an interrupt ends the wait; if not, the interrupt status is
     *                      kept and restored on return
     * @return {@link #ACQUIRED}, {@link #RECOVERED} or {@link #TIMED_OUT}
     */
    public static int acquire(ByteBuffer buffer, int region, long deadline, boolean interruptible, String name)
            throws InterruptedException {
        int owner = region + LockDescriptor.OWNER_OFFSET;
        long self = ProcessToken.current();
        Backoff backoff = null;
        boolean interrupted = false;
        try {
            while (true) {
                long holder = (long) Memory.LONG.getVolatile(buffer, owner);
                if (holder == ProcessToken.NONE) {
                    if ((boolean) Memory.LONG.compareAndSet(buffer, owner, ProcessToken.NONE, self)) {
                        setOwnerThread(buffer, region);
                        return ACQUIRED;
                    }
                    continue;
                }
                if (backoff == null) {
                    backoff = new Backoff();
                } else if (backoff.livenessCheckDue() && !ProcessToken.isAlive(holder)) {
                    if (recover(buffer, region, holder, name)) {
                        return RECOVERED;
                    }
                    continue;
                }
                if (Backoff.expired(deadline)) {
                    return TIMED_OUT;
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException("interrupted while waiting for " + name);
                    }
                    // parking returns at once while the flag is set: clear it, restore it later
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

    /**
     * Frees the lock, whoever holds it.
     *
     * <p>A plain release store, not a compare-and-set: acquirers only swap the word from free
     * (or from a dead holder, and a process that is releasing is alive), so nothing can change it
     * under a release but another release, which the compare-and-set loop this replaces did not
     * prevent either (it retried against the new holder). One locked instruction less per
     * lock/unlock pair, on the cache line the waiters are reading.
     *
     * @return false if it was not locked
     */
    public static boolean release(ByteBuffer buffer, int region) {
        int owner = region + LockDescriptor.OWNER_OFFSET;
        if ((long) Memory.LONG.getVolatile(buffer, owner) == ProcessToken.NONE) {
            return false;
        }
        Memory.LONG.setOpaque(buffer, region + LockDescriptor.OWNER_THREAD_OFFSET, 0L);
        Memory.LONG.setRelease(buffer, owner, ProcessToken.NONE);
        return true;
    }

    /** The holder's token, 0 when free. */
    public static long owner(ByteBuffer buffer, int region) {
        return (long) Memory.LONG.getVolatile(buffer, region + LockDescriptor.OWNER_OFFSET);
    }

    /** True if the calling thread of this process took the lock (and has not released it). */
    public static boolean isHeldByCurrentThread(ByteBuffer buffer, int region) {
        return owner(buffer, region) == ProcessToken.current()
                && (long) Memory.LONG.getOpaque(buffer, region + LockDescriptor.OWNER_THREAD_OFFSET)
                == Thread.currentThread().getId();
    }

    private static void setOwnerThread(ByteBuffer buffer, int region) {
        Memory.LONG.setOpaque(buffer, region + LockDescriptor.OWNER_THREAD_OFFSET, Thread.currentThread().getId());
    }
}
