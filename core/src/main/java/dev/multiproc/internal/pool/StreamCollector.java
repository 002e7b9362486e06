package dev.multiproc.internal.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands the results of {@code imap} (input order) or {@code imapUnordered} (completion order) to
 * one consumer as they arrive, a chunk at a time: the consumer takes a chunk's results under the
 * lock once ({@link #takeChunk}) and walks them without it. Each input position yields its value
 * or its failure (a {@link TaskError} in its place); a failure of the input iterable takes the
 * position where it happened and ends the stream.
 *
 * <p>Bounded: the job is dispatched no further than {@link #maxAheadChunks} chunks beyond what the
 * consumer has taken, so a slow consumer does not make the pool read the whole input.
 */
public final class StreamCollector implements Collector {
    private final boolean ordered;
    private final int maxAheadChunks;
    private final Progress progress;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Map<Integer, Object[]> byChunk = new HashMap<>();
    /** Unordered: chunks in the order they completed. */
    private final ArrayDeque<Object[]> arrived = new ArrayDeque<>();
    private int nextChunk;
    private Object[] current;
    private int chunksConsumed;
    private int chunkCount = -1;
    private TaskError aborted;
    private Runnable onConsumed;
    /** Run once when {@link #await} would stop waiting: a consumer that waits without a thread. */
    private Runnable whenReady;

    public StreamCollector(boolean ordered, int maxAheadChunks, Progress progress) {
        this.ordered = ordered;
        this.maxAheadChunks = maxAheadChunks;
        this.progress = progress;
    }

    void onConsumed(Runnable wakeDispatcher) {
        this.onConsumed = wakeDispatcher;
    }

    public Progress progress() {
        return progress;
    }

    @Override
    public void chunkDone(Chunk chunk, Object[] values, TaskError[] errors) {
        Object[] items = values.clone();
        if (errors != null) {
            for (int i = 0; i < items.length; i++) {
                if (errors[i] != null) {
                    items[i] = errors[i];
                }
            }
        }
        deliver(chunk.index, items);
        progress.advance(chunk.size);
    }

    @Override
    public void chunkFailed(Chunk chunk, TaskError error) {
        Object[] items = new Object[chunk.size];
        java.util.Arrays.fill(items, error);
        deliver(chunk.index, items);
        progress.advance(chunk.size);
    }

    @Override
    public void inputFailed(int chunkIndex, long firstTask, TaskError error) {
        lock.lock();
        try {
            chunkCount = chunkIndex + 1;
        } finally {
            lock.unlock();
        }
        deliver(chunkIndex, new Object[] {error});
    }

    private void deliver(int index, Object[] items) {
        Runnable ready;
        lock.lock();
        try {
            if (ordered) {
                byChunk.put(index, items);
            } else {
                arrived.add(items);
            }
            available.signalAll();
            ready = takeWhenReady();
        } finally {
            lock.unlock();
        }
        runWhenReady(ready);
    }

    @Override
    public void finished(int chunks, long tasks) {
        progress.total(tasks);
        Runnable ready;
        lock.lock();
        try {
            if (chunkCount < 0) {
                chunkCount = chunks;
            }
            available.signalAll();
            ready = takeWhenReady();
        } finally {
            lock.unlock();
        }
        runWhenReady(ready);
    }

    @Override
    public void abort(TaskError error) {
        Runnable ready;
        lock.lock();
        try {
            if (aborted == null) {
                aborted = error;
            }
            available.signalAll();
            ready = takeWhenReady();
        } finally {
            lock.unlock();
        }
        runWhenReady(ready);
    }

    @Override
    public boolean wantsMore(int chunksCreated) {
        lock.lock();
        try {
            return aborted == null && chunksCreated - chunksConsumed < maxAheadChunks;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isDecided() {
        lock.lock();
        try {
            return aborted != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} (null: forever) for the next position.
     *
     * @return true when one is available, false at the end of the stream
     * @throws java.util.concurrent.TimeoutException when nothing arrived in time
     */
    public boolean await(Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (hasItem()) {
                    return true;
                }
                if (aborted != null) {
                    return true;
                }
                if (chunkCount >= 0 && chunksConsumed >= chunkCount) {
                    return false;
                }
                if (timeout == null) {
                    available.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new java.util.concurrent.TimeoutException("no result of the stream within " + timeout.toMillis() + " ms");
                    }
                    available.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers {@code callback} to run once, on a pool thread, when {@link #await} would return
     * without waiting; returns false without registering when it would already.
     */
    public boolean onReady(Runnable callback) {
        lock.lock();
        try {
            if (readyNow()) {
                return false;
            }
            whenReady = callback;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the waiting callback, taken, when the consumer would not wait now. */
    private Runnable takeWhenReady() {
        if (whenReady == null || !readyNow()) {
            return null; // e.g. a later chunk of an ordered stream arrived: the next one is still missing
        }
        Runnable callback = whenReady;
        whenReady = null;
        return callback;
    }

    /** Under the lock: a position to take, the abort to throw, or the end of the stream. */
    private boolean readyNow() {
        return hasItem() || aborted != null || (chunkCount >= 0 && chunksConsumed >= chunkCount);
    }

    private static void runWhenReady(Runnable callback) {
        if (callback != null) {
            callback.run();
        }
    }

    /**
     * Takes the results of the rest of the current chunk, after {@link #await} returned true:
     * values, and {@link TaskError}s at the positions that failed. Never empty.
     *
     * @throws RuntimeException the cancellation or pool failure that aborted the stream, once
     *         everything delivered before it was taken
     */
    public Object[] takeChunk() {
        Object[] items;
        lock.lock();
        try {
            if (!hasItem()) {
                if (aborted != null) {
                    TaskError error = aborted;
                    chunkCount = chunksConsumed; // ends the stream after this
                    aborted = null;
                    throw error.toUnchecked();
                }
                throw new NoSuchElementException("no more results");
            }
            items = current;
            current = null;
            chunksConsumed++;
        } finally {
            lock.unlock();
        }
        if (onConsumed != null) {
            onConsumed.run(); // the dispatcher may read further now
        }
        return items;
    }

    /** Under the lock: true when {@link #current} holds a chunk not taken yet. */
    private boolean hasItem() {
        if (current != null) {
            return true;
        }
        Object[] next = nextDelivered();
        while (next != null && next.length == 0) {
            chunksConsumed++;
            next = nextDelivered();
        }
        if (next == null) {
            return false;
        }
        current = next;
        return true;
    }

    private Object[] nextDelivered() {
        if (!ordered) {
            return arrived.poll();
        }
        Object[] next = byChunk.remove(nextChunk);
        if (next != null) {
            nextChunk++;
        }
        return next;
    }
}
