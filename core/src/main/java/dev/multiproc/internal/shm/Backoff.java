package dev.multiproc.internal.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for a word in shared memory to change: spin briefly, then park with a growing
 * timeout.
 *
 * <p>Why this shape: a hand-off between two busy processes usually completes within microseconds,
 * and spinning catches it without the ~70 us cost of a kernel sleep and wake-up on this class of
 * machine. A longer wait must not burn a core, so after {@link #SPIN_NANOS} the thread parks, first
 * for {@link #MIN_PARK_NANOS}, doubling up to {@link #MAX_PARK_NANOS}: a waiter blocked for seconds
 * wakes at most 500 times a second, about 1% of a CPU. There is no wake-up call across
 * processes (the JDK has no futex), so the park length bounds the latency of a long-idle waiter.
 *
 * <p>One instance per wait; not thread-safe.
 */
public final class Backoff {
    /** How long to spin before the first park. */
    public static final long SPIN_NANOS = 30_000;
    /** After spinning, how long to keep yielding the CPU before parking. */
    public static final long YIELD_NANOS = 200_000;
    /** The first park. */
    public static final long MIN_PARK_NANOS = 50_000;
    /**
     * The longest park during a wait's first second: it bounds the wake-up latency of an idle
     * waiter. 500 us was measured at 5.2% of a CPU on a loaded 2-core VM (each wake-up costs
     * ~25 us there), over the 5% the idle-waiter test allows.
     */
    public static final long MAX_PARK_NANOS = 2_000_000;
    /**
     * The longest park once a wait has lasted {@link #LONG_WAIT_NANOS}: a waiter that has waited
     * a second loses little by waking up to 5 ms late, and its polling costs a VM's vCPU 2.5 times
     * less (a waiter blocked 5 s was measured at 5.3% of a CPU with 2 ms parks throughout, on a
     * quiet 2-vCPU VM, against a bound of 5%).
     */
    public static final long MAX_LONG_WAIT_PARK_NANOS = 5_000_000;
    /** How long a wait lasts before it parks up to {@link #MAX_LONG_WAIT_PARK_NANOS}. */
    public static final long LONG_WAIT_NANOS = 1_000_000_000;
    /** How often a waiter checks whether the holder it waits for is still alive. */
    public static final long LIVENESS_CHECK_NANOS = 20_000_000;

    private final long start = System.nanoTime();
    private long park = MIN_PARK_NANOS;
    private long nextLivenessCheck = start + SPIN_NANOS;
    private int spins;

    /**
     * Waits a little, never past {@code deadline} (a {@link System#nanoTime()} value, or
     * {@link #NO_DEADLINE}).
     */
    public void idle(long deadline) {
        if (spins >= 0) {
            // reading the clock costs ~20 ns: check it every 64 spins only
            if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
                return;
            }
            spins = -1;
        }
        if (System.nanoTime() - start < SPIN_NANOS + YIELD_NANOS) {
            // another process on the same core may be the one about to release: let it run
            Thread.yield();
            return;
        }
        long nanos = park;
        if (deadline != NO_DEADLINE) {
            nanos = Math.min(nanos, deadline - System.nanoTime());
            if (nanos <= 0) {
                return;
            }
        }
        LockSupport.parkNanos(this, nanos);
        long cap = System.nanoTime() - start < LONG_WAIT_NANOS ? MAX_PARK_NANOS : MAX_LONG_WAIT_PARK_NANOS;
        park = Math.min(park * 2, cap);
    }

    /**
     * True when it is time to check whether the holder is alive: once when spinning ends, then
     * every {@link #LIVENESS_CHECK_NANOS}. Reading {@code /proc} costs ~20 us, too much for every
     * spin.
     */
    public boolean livenessCheckDue() {
        long now = System.nanoTime();
        if (now - nextLivenessCheck >= 0) {
            nextLivenessCheck = now + LIVENESS_CHECK_NANOS;
            return true;
        }
        return false;
    }

    /** No deadline: wait until the condition holds. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * A deadline {@code nanos} from now ({@code <= 0}: now); waits of a century or more mean
     * {@link #NO_DEADLINE}.
     */
    public static long deadline(long nanos) {
        if (nanos >= 100L * 365 * 24 * 3600 * 1_000_000_000L) {
            return NO_DEADLINE;
        }
        long d = System.nanoTime() + Math.max(0, nanos);
        return d == NO_DEADLINE ? d - 1 : d;
    }

    /** True when {@code deadline} has passed. */
    public static boolean expired(long deadline) {
        return deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0;
    }
}
