package dev.multiproc.internal.manager.served;

import dev.multiproc.manager.ManagedJoinableQueue;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server's joinable queue. An item counts as unfinished from just before it is enqueued, so a
 * consumer that takes it at once can never mark it done before it was counted.
 */
final class JoinableQueueObject<E> extends LinkedBlockingQueue<E> implements ManagedJoinableQueue<E> {
    private static final long serialVersionUID = 1L;
    private final Object tasks = new Object();
    private long unfinished;

    JoinableQueueObject(int capacity) {
        super(capacity);
    }

    @Override
    public boolean offer(E e) {
        counted();
        boolean added = false;
        try {
            added = super.offer(e);
            return added;
        } finally {
            uncountUnless(added);
        }
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        counted();
        boolean added = false;
        try {
            added = super.offer(e, timeout, unit);
            return added;
        } finally {
            uncountUnless(added);
        }
    }

    @Override
    public void put(E e) throws InterruptedException {
        counted();
        boolean added = false;
        try {
            super.put(e);
            added = true;
        } finally {
            uncountUnless(added);
        }
    }

    private void counted() {
        synchronized (tasks) {
            unfinished++;
        }
    }

    private void uncountUnless(boolean added) {
        if (!added) {
            taskDone();
        }
    }

    @Override
    public void taskDone() {
        synchronized (tasks) {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called more times than items were put");
            }
            if (--unfinished == 0) {
                tasks.notifyAll();
            }
        }
    }

    @Override
    public void join() throws InterruptedException {
        synchronized (tasks) {
            while (unfinished > 0) {
                tasks.wait();
            }
        }
    }
}
