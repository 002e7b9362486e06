package dev.multiproc.internal.manager.served;

import dev.multiproc.manager.ManagedCondition;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's condition: a reentrant lock and one condition of it. The lock is owned by the
 * server thread of the caller's connection, and a client thread always calls through its own
 * connection, so ownership follows the client thread.
 */
final class ConditionObject extends ReentrantLock implements ManagedCondition {
    private static final long serialVersionUID = 1L;
    private final Condition condition = newCondition();

    @Override
    public void await() throws InterruptedException {
        condition.await();
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return condition.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void signal() {
        condition.signal();
    }

    @Override
    public void signalAll() {
        condition.signalAll();
    }
}
