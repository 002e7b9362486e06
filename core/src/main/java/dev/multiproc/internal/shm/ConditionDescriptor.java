package dev.multiproc.internal.shm;

/**
 * The layout of a condition variable's region: a short internal guard lock, four sequence counters
 * and the table of waiting processes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        guard: a LockDescriptor held for a few instructions    |   0
 *  |                    while the counters change                  |
 *  +---------------------------------------------------------------+
 *  |        started: waits ever begun                              |  64
 *  +---------------------------------------------------------------+
 *  |        signalled: wake-ups ever issued                        |  72
 *  +---------------------------------------------------------------+
 *  |        woken: wake-ups ever taken                             |  80
 *  +---------------------------------------------------------------+
 *  |        broadcasts: signalAll generation                       |  88
 *  +---------------------------------------------------------------+
 *  |        reserved, 32 bytes                                     |  96
 *  +---------------------------------------------------------------+
 *  |        waiters: a WaiterTable, 64 rows of 16 bytes            | 128
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * (Counters are 64-bit; each row above is one.) The scheme is that of the classic sequence-number
 * condition variable:
 * <ul>
 *   <li>wait: under the guard, {@code started + 1}, remember {@code signalled} and
 *       {@code broadcasts}; then release the user's lock;</li>
 *   <li>signal(n): {@code signalled += min(n, started - signalled)};</li>
 *   <li>a waiter may take a wake-up only if {@code signalled} moved since it began and not every
 *       wake-up is taken ({@code woken < signalled}): then {@code woken + 1}. A wait begun after a
 *       signal cannot steal it from a waiter that was there before;</li>
 *   <li>signalAll: {@code signalled = woken = started}, {@code broadcasts + 1}: every waiter of an
 *       older generation leaves;</li>
 *   <li>timeout: {@code signalled + 1, woken + 1}, which retires the waiter from the count of
 *       those still to wake.</li>
 *   <li>a process that died while waiting: each of its waits is retired as a timeout while some
 *       waiter is still unsignalled, else it takes the wake-up issued to it; both under the
 *       guard, before a signal and before the queue length is read.</li>
 * </ul>
 */
public final class ConditionDescriptor {
    public static final int GUARD_OFFSET = 0;
    public static final int STARTED_OFFSET = LockDescriptor.LENGTH;
    public static final int SIGNALLED_OFFSET = STARTED_OFFSET + 8;
    public static final int WOKEN_OFFSET = STARTED_OFFSET + 16;
    public static final int BROADCASTS_OFFSET = STARTED_OFFSET + 24;
    public static final int WAITERS_OFFSET = 128;
    public static final int LENGTH = WAITERS_OFFSET + WaiterTable.LENGTH;

    private ConditionDescriptor() {
    }
}
