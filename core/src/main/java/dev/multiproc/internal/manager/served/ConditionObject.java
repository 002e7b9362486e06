package dev.multiproc.internal.manager.served;

import dev.multiproc.manager.ManagedCondition;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's condition. Its lock is owned by the server thread of the caller's connection, and a
 * client thread always calls through its own connection, so ownership follows the client thread.
 */
final class ConditionObject implements ManagedCondition {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition condition = lock.newCondition();

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

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a manager's condition is its own: use manager.condition() for another");
    }

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
