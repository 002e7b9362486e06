package dev.multiproc.internal.manager.served;

import dev.multiproc.manager.ManagedBarrier;
import dev.multiproc.sync.BarrierBrokenException;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The server's barrier: a {@code CyclicBarrier} whose failures read as Python's BrokenBarrierError. */
final class BarrierObject implements ManagedBarrier {
    private final CyclicBarrier barrier;
    /** Python's abort() leaves the barrier broken until reset(); a CyclicBarrier's reset() does not. */
    private volatile boolean aborted;

    BarrierObject(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least 1 party, not " + parties);
        }
        this.barrier = new CyclicBarrier(parties);
    }

    @Override
    public int await() throws InterruptedException {
        checkNotAborted();
        try {
            return barrier.await();
        } catch (BrokenBarrierException e) {
            throw broken("the barrier is broken");
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException {
        checkNotAborted();
        try {
            return barrier.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (BrokenBarrierException e) {
            throw broken("the barrier is broken");
        } catch (TimeoutException e) {
            throw broken("timed out after " + timeout + " waiting at the barrier; it is now broken");
        }
    }

    private void checkNotAborted() {
        if (aborted) {
            throw broken("the barrier was aborted");
        }
    }

    private static BarrierBrokenException broken(String message) {
        return new BarrierBrokenException(message);
    }

    @Override
    public void reset() {
        aborted = false;
        barrier.reset();
    }

    @Override
    public void abort() {
        aborted = true;
        barrier.reset(); // wakes the waiting parties with a broken barrier

    }

    @Override
    public int getParties() {
        return barrier.getParties();
    }

    @Override
    public int getNumberWaiting() {
        return barrier.getNumberWaiting();
    }

    @Override
    public boolean isBroken() {
        return aborted || barrier.isBroken();
    }
}
