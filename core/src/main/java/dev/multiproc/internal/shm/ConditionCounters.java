package dev.multiproc.internal.shm;

import java.nio.ByteBuffer;

/**
 * The sequence counters of a condition variable in shared memory, and every change to them: the
 * scheme described in {@link ConditionDescriptor}, apart from the user's lock, which the public
 * {@code ProcessCondition} releases and takes back around a wait.
 *
 * <p>Each change is a few instructions under the region's guard lock, so a process killed at any
 * point leaves the counters consistent: the guard is recovered from a dead holder, and a dead
 * process's waits are retired through the {@link WaiterTable} before anyone counts the waiters.
 */
public final class ConditionCounters {
    private static final int STARTED = ConditionDescriptor.STARTED_OFFSET;
    private static final int SIGNALLED = ConditionDescriptor.SIGNALLED_OFFSET;
    private static final int WOKEN = ConditionDescriptor.WOKEN_OFFSET;
    private static final int BROADCASTS = ConditionDescriptor.BROADCASTS_OFFSET;

    private final Segment segment;
    private final ByteBuffer buffer;
    private final int region;
    /** The condition, for the guard's messages. */
    private final String name;

    /**
     * A waiter's place: the wake-ups issued and the {@code signalAll} generation when it began.
     *
     * @param seq        {@code signalled} when the wait began
     * @param generation {@code broadcasts} when the wait began
     */
    public record Wait(long seq, long generation) {
    }

    /**
     * The counters of the condition region at {@code region} of {@code segment}.
     *
     * @param segment the shared memory holding the region
     * @param region  where the region starts in the segment
     * @param name    the condition, for messages
     */
    public ConditionCounters(Segment segment, int region, String name) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.region = region;
        this.name = name;
    }

    /** Counts a wait that begins now, before the caller releases the user's lock. */
    public Wait begin() {
        guard();
        try {
            add(STARTED, 1);
            WaiterTable.add(buffer, waiters(), waiterRow(), 1);
            return new Wait(get(SIGNALLED), get(BROADCASTS));
        } finally {
            unguard();
        }
    }

    /** Takes a wake-up meant for {@code wait} if there is one; a lock-free look comes first, so that idle waiters do not take the guard. */
    public boolean tryWake(Wait wait) {
        return mayBeWoken(wait) && takeWakeUp(wait);
    }

    /** Stops waiting (timeout, interrupt); true if a wake-up for {@code wait} came in the meantime. */
    public boolean retire(Wait wait) {
        guard();
        try {
            if (get(BROADCASTS) != wait.generation()) {
                return true;
            }
            leaveRow();
            long signalled = get(SIGNALLED);
            if (signalled != wait.seq() && get(WOKEN) < signalled) {
                add(WOKEN, 1);
                return true;
            }
            // no longer a sleeper: counted as signalled and woken both
            add(SIGNALLED, 1);
            add(WOKEN, 1);
            return false;
        } finally {
            unguard();
        }
    }

    /** Issues up to {@code n} wake-ups to the waiters there now ({@code n > 0}). */
    public void signal(int n) {
        guard();
        try {
            retireDeadWaiters();
            long sleeping = get(STARTED) - get(SIGNALLED);
            if (sleeping > 0) {
                add(SIGNALLED, Math.min(n, sleeping));
            }
        } finally {
            unguard();
        }
    }

    /** Wakes every waiter there now: a new generation, which every older wait leaves. */
    public void signalAll() {
        guard();
        try {
            long started = get(STARTED);
            if (started > get(SIGNALLED)) {
                WaiterTable.clearCounts(buffer, waiters()); // every waiter now leaves as woken
                set(SIGNALLED, started);
                set(WOKEN, started);
                add(BROADCASTS, 1);
            }
        } finally {
            unguard();
        }
    }

    /** Waits begun and not yet signalled, in all processes, after retiring those of dead processes. */
    public int waiting() {
        guard();
        try {
            retireDeadWaiters();
            return (int) (get(STARTED) - get(SIGNALLED));
        } finally {
            unguard();
        }
    }

    private boolean mayBeWoken(Wait wait) {
        long signalled = get(SIGNALLED);
        return get(BROADCASTS) != wait.generation() || (signalled != wait.seq() && get(WOKEN) < signalled);
    }

    private boolean takeWakeUp(Wait wait) {
        guard();
        try {
            if (get(BROADCASTS) != wait.generation()) {
                return true;    // signalAll counted us as woken already, and cleared our row
            }
            long signalled = get(SIGNALLED);
            if (signalled != wait.seq() && get(WOKEN) < signalled) {
                leaveRow();
                add(WOKEN, 1);
                return true;
            }
            return false;
        } finally {
            unguard();
        }
    }

    /**
     * Under the guard: retires the waits of processes that died waiting, each as a timeout while
     * some waiter is unsignalled (it was one of them), else by taking the wake-up issued to it.
     */
    private void retireDeadWaiters() {
        for (long dead = WaiterTable.removeDead(buffer, waiters()); dead > 0; dead--) {
            if (get(STARTED) > get(SIGNALLED)) {
                add(SIGNALLED, 1);
                add(WOKEN, 1);
            } else if (get(WOKEN) < get(SIGNALLED)) {
                add(WOKEN, 1);
            }
        }
    }

    /** Under the guard, first of a leaving waiter's writes: killed after it, a wake-up is wasted, never counted twice. */
    private void leaveRow() {
        WaiterTable.add(buffer, waiters(), waiterRow(), -1);
    }

    private int waiters() {
        return region + ConditionDescriptor.WAITERS_OFFSET;
    }

    /** This process's row in the waiter table, claimed under the guard on its first wait. */
    private int waiterRow() {
        int[] row = segment.local("waiterRow", () -> new int[] {Integer.MIN_VALUE});
        if (row[0] == Integer.MIN_VALUE) {
            row[0] = WaiterTable.claim(buffer, waiters());
        }
        return row[0];
    }

    private void guard() {
        if (!LockWord.tryAcquire(buffer, region + ConditionDescriptor.GUARD_OFFSET)) {
            try {
                LockWord.acquire(buffer, region + ConditionDescriptor.GUARD_OFFSET, Backoff.NO_DEADLINE, false,
                        name + " guard");
            } catch (InterruptedException e) {
                throw new AssertionError("an uninterruptible wait was interrupted", e);
            }
        }
    }

    private void unguard() {
        LockWord.release(buffer, region + ConditionDescriptor.GUARD_OFFSET);
    }

    private long get(int field) {
        return (long) Memory.LONG.getVolatile(buffer, region + field);
    }

    private void set(int field, long value) {
        Memory.LONG.setVolatile(buffer, region + field, value);
    }

    private void add(int field, long delta) {
        Memory.LONG.getAndAdd(buffer, region + field, delta);
    }
}
