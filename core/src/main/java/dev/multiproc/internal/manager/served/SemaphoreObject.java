package dev.multiproc.internal.manager.served;

import dev.multiproc.manager.ManagedSemaphore;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The server's semaphore; a bounded one refuses more releases than acquires (Python's ValueError). */
final class SemaphoreObject implements ManagedSemaphore {
    private final Semaphore permits;
    private final int bound;

    SemaphoreObject(int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore's permits must be >= 0, not " + permits);
        }
        this.permits = new Semaphore(permits);
        this.bound = bounded ? permits : Integer.MAX_VALUE;
    }

    @Override
    public void acquire() throws InterruptedException {
        permits.acquire();
    }

    @Override
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void release() {
        if (permits.availablePermits() >= bound) {
            throw new IllegalStateException("a bounded semaphore of " + bound + " released too many times");
        }
        permits.release();
    }

    @Override
    public int availablePermits() {
        return permits.availablePermits();
    }

    @Override
    public String toString() {
        return "Semaphore(" + permits.availablePermits() + ")";
    }
}
