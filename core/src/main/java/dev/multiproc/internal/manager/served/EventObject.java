package dev.multiproc.internal.manager.served;

import dev.multiproc.manager.ManagedEvent;

import java.time.Duration;

/** The server's event. */
final class EventObject implements ManagedEvent {
    private boolean set;

    @Override
    public synchronized void set() {
        set = true;
        notifyAll();
    }

    @Override
    public synchronized void clear() {
        set = false;
    }

    @Override
    public synchronized boolean isSet() {
        return set;
    }

    @Override
    public synchronized void await() throws InterruptedException {
        while (!set) {
            wait();
        }
    }

    @Override
    public synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (!set && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return set;
    }

    @Override
    public String toString() {
        return "Event(" + (isSet() ? "set" : "unset") + ")";
    }
}
