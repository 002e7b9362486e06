package dev.multiproc.internal.shm;

/**
 * The layout of a condition variable's region (64 bytes).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            tickets: wake-ups issued, not yet taken            |  0
 *  +---------------------------------------------------------------+
 *  |            waiters: threads between wait and wake-up          |  4
 *  +---------------------------------------------------------------+
 *  |                       reserved, 56 bytes                      |  8
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Both counts share one 64-bit word (tickets in the low half) so that every change is a single CAS
 * and {@code tickets <= waiters} always holds:
 * <ul>
 *   <li>wait: {@code waiters + 1} while holding the lock, then release the lock;</li>
 *   <li>notify(n): under the lock, {@code tickets += min(n, waiters - tickets)};</li>
 *   <li>wake-up: take a ticket, {@code waiters - 1, tickets - 1} in one CAS;</li>
 *   <li>timeout: {@code waiters - 1}, unless every waiter has a ticket, in which case one is
 *       the caller's and it takes it (it was notified as it timed out).</li>
 * </ul>
 * A waiter counted before the lock is released cannot miss a notify made under the lock.
 */
public final class ConditionDescriptor {
    public static final int WORD_OFFSET = 0;
    public static final int LENGTH = 64;

    /** One waiter in the word. */
    public static final long WAITER = 1L << 32;
    /** One ticket in the word. */
    public static final long TICKET = 1L;

    private ConditionDescriptor() {
    }

    public static int waiters(long word) {
        return (int) (word >>> 32);
    }

    public static int tickets(long word) {
        return (int) word;
    }
}
