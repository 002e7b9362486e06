package dev.multiproc.cluster.internal;

import dev.multiproc.spi.ValueCodec;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;

/**
 * One call on the cluster ({@code map}, {@code imap}, {@code apply}, ...) as the {@link Scheduler}
 * sees it: a source of chunks, read lazily from the call's items, and a sink for the outcomes of
 * tasks by index. A task index delivered twice (a chunk that ran again after its member was
 * taken for lost, and answered after all) is dropped: every result is delivered exactly once.
 */
public abstract class JobRun {
    /** The codec's tags from here on carry objects (lambdas, trees, JDK serialization), below are plain values. */
    private static final int FIRST_OBJECT_TAG = 15;
    private final String call;
    private final byte[] function;
    private final Iterator<?> items;
    private final int chunksize;
    private final BitSet delivered = new BitSet();
    private long read;
    private boolean exhausted;
    private volatile boolean finished;
    /** At most this many chunks in flight at once (0: no bound), and how many are now: the scheduler's, under its lock. */
    private int maxRunning;
    int running;

    protected JobRun(String call, byte[] function, Iterator<?> items, int chunksize) {
        this.call = call;
        this.function = function;
        this.items = items;
        this.chunksize = chunksize;
    }

    public String call() {
        return call;
    }

    /** At most {@code chunks} of this call's chunks run at once (0: no bound); set before it is submitted. */
    public final void limitRunning(int chunks) {
        this.maxRunning = chunks;
    }

    /** Whether a new chunk of this call would pass its bound; under the scheduler's lock. */
    final boolean atRunningLimit() {
        return maxRunning > 0 && running >= maxRunning;
    }

    byte[] function() {
        return function;
    }

    /** The next chunk of at most chunksize tasks, or null when the items are used up or none may be read now. */
    synchronized ChunkWork nextChunk(long id) {
        if (finished || exhausted || !mayRead(read)) {
            return null;
        }
        List<byte[]> chunk = new ArrayList<>(chunksize);
        try {
            while (chunk.size() < chunksize && items.hasNext()) {
                byte[] item = ValueCodec.encode(items.next());
                if (item.length > 0 && (item[0] & 0xff) >= FIRST_OBJECT_TAG) {
                    MachineLocal.check(item, "the argument of " + describe(read + chunk.size()));
                }
                chunk.add(item);
            }
        } catch (RuntimeException badItem) {
            // an item that cannot be encoded, or the iterable's own exception: fails the call, as locally
            exhausted = true;
            fail(read + chunk.size(), badItem);
            return null;
        }
        if (!items.hasNext()) {
            exhausted = true;
        }
        if (chunk.isEmpty()) {
            readAll(read);
            return null;
        }
        long first = read;
        read += chunk.size();
        if (exhausted) {
            readAll(read);
        }
        return new ChunkWork(id, this, first, chunk.toArray(new byte[0][]));
    }

    /** Tasks {@code first}.. of a chunk answered; the ones already delivered are dropped. */
    final void deliver(long first, List<byte[]> outcomes, String member) {
        BitSet mine = claimAll(first, outcomes.size());
        for (int i = mine.nextSetBit(0); i >= 0; i = mine.nextSetBit(i + 1)) {
            outcome(first + i, outcomes.get(i), member);
        }
    }

    /** Tasks {@code first}..{@code first + count - 1} failed together (timeout, member lost, ...). */
    final void failAll(long first, int count, RuntimeException failure) {
        BitSet mine = claimAll(first, count);
        for (int i = mine.nextSetBit(0); i >= 0; i = mine.nextSetBit(i + 1)) {
            failed(first + i, failure);
        }
    }

    /** The tasks of a chunk not delivered yet, claimed; counted as done before their outcomes are delivered. */
    private BitSet claimAll(long first, int count) {
        BitSet mine = new BitSet(count);
        for (int i = 0; i < count; i++) {
            if (claim(first + i)) {
                mine.set(i);
            }
        }
        if (!mine.isEmpty()) {
            progressed(mine.cardinality());
        }
        return mine;
    }

    private synchronized boolean claim(long task) {
        if (delivered.get((int) task)) {
            return false;
        }
        delivered.set((int) task);
        return true;
    }

    protected final void finish() {
        finished = true;
    }

    public final boolean isFinished() {
        return finished;
    }

    /** "task 5 of map()" */
    protected final String describe(long task) {
        return "task " + task + " of " + call;
    }

    /** {@code tasks} more tasks are done (answered or failed), just before their outcomes are delivered. */
    protected void progressed(int tasks) {
    }

    /** Whether reading past {@code read} tasks is allowed now (back-pressure of streams). */
    protected abstract boolean mayRead(long read);

    /** All {@code total} items have been read. */
    protected abstract void readAll(long total);

    /** The outcome of one task, first time only. */
    protected abstract void outcome(long task, byte[] outcome, String member);

    /** One task failed without an outcome of its own, first time only. */
    protected abstract void failed(long task, RuntimeException failure);

    /** The call fails as a whole (its input could not be read or encoded). */
    protected abstract void fail(long task, RuntimeException failure);
}
