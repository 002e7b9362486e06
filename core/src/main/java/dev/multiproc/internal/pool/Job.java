package dev.multiproc.internal.pool;

import dev.multiproc.SerializationException;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.spi.ChunkedInput;
import dev.multiproc.spi.ReadyInput;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One call on the pool ({@code map}, {@code imap}, {@code apply}, ...): its function, its input
 * (read lazily, a chunk at a time, on the dispatcher thread), the chunks ready to send, and where
 * the results go. Mutable state is guarded by the pool's lock except where noted.
 */
public final class Job {
    /** A worker is given more than one chunk of a job only when chunks are short: see {@link #lookahead}. */
    static final long LOOKAHEAD_NANOS = 1_000_000;
    private static final int MAX_LOOKAHEAD_TASKS = 512;

    final long id;
    final String call;
    final FunctionRef function;
    final int chunksize;
    final Collector collector;
    /** Read only by the dispatcher thread. */
    private final Iterator<?> input;
    final ArrayDeque<Chunk> ready = new ArrayDeque<>();
    boolean inputDone;
    boolean reading;
    int chunksCreated;
    long tasksCreated;
    int chunksFinished;
    boolean finished;
    /** At most this many workers hold chunks of this job at once; 0: no bound. */
    int maxWorkers;
    private long averageChunkNanos = -1;

    Job(long id, String call, FunctionRef function, Iterator<?> input, int chunksize, Collector collector) {
        this.id = id;
        this.call = call;
        this.function = function;
        this.input = input;
        this.chunksize = chunksize;
        this.collector = collector;
        this.inputDone = input == null;
    }

    /** True when the dispatcher could send something of this job now. */
    boolean dispatchable() {
        if (finished || collector.isDecided()) {
            return false;
        }
        return !ready.isEmpty() || (!inputDone && !reading && inputReady() && collector.wantsMore(chunksCreated));
    }

    /** False while an input that says when it has items ({@link ReadyInput}) has none: reading it would block. */
    boolean inputReady() {
        return !(input instanceof ReadyInput) || ((ReadyInput) input).ready();
    }

    /** Whether {@code w} may take a chunk of this job without exceeding {@link #maxWorkers}. */
    boolean mayUse(WorkerHandle w, java.util.List<WorkerHandle> workers) {
        if (maxWorkers <= 0 || holds(w)) {
            return true;
        }
        int using = 0;
        for (WorkerHandle other : workers) {
            if (holds(other)) {
                using++;
            }
        }
        return using < maxWorkers;
    }

    private boolean holds(WorkerHandle w) {
        if (w.reservedFor == this && w.reserved > 0) {
            return true;
        }
        for (Chunk c : w.inflight) {
            if (c.job == this) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many chunks of this job a worker may hold at once. One until a chunk's duration is
     * known, and one for chunks longer than a millisecond: a second chunk queued behind a long one
     * could otherwise finish late while another worker idles. Short chunks are queued deeper, so
     * that a worker never waits for a round trip.
     *
     * <p>Always one for a job bounded to {@link #maxWorkers}: the bound is how many of its chunks
     * the caller wants running at once, and a chunk queued behind a running one holds its place
     * while the bound keeps it from every other worker, so fewer than the bound ran (and tasks
     * that wait for each other, as a consumer of {@code imapUnordered} may make them, waited forever).
     */
    int lookahead() {
        long average = averageChunkNanos;
        if (maxWorkers > 0 || average < 0 || average >= LOOKAHEAD_NANOS) {
            return 1;
        }
        int byTime = (int) Math.min(Integer.MAX_VALUE, 1 + LOOKAHEAD_NANOS / Math.max(1, average));
        return Math.max(2, Math.min(byTime, Math.max(2, MAX_LOOKAHEAD_TASKS / chunksize)));
    }

    void recordChunkNanos(long nanos) {
        averageChunkNanos = averageChunkNanos < 0 ? nanos : (averageChunkNanos * 3 + nanos) / 4;
    }

    /**
     * Reads and encodes the next chunk; called by the dispatcher without the pool lock.
     *
     * @return the chunk, or null at the end of the input
     * @throws InputFailure when the input iterable threw
     */
    Chunk readChunk(int index, long firstTask) {
        Object[] items;
        int count;
        try {
            if (input instanceof ChunkedInput) {
                java.util.List<?> next = null;
                while (input.hasNext() && (next = (java.util.List<?>) input.next()).isEmpty()) {
                    next = null; // an empty chunk has no task: read on
                }
                items = next == null ? new Object[0] : next.toArray();
                count = items.length;
            } else {
                items = new Object[Math.min(chunksize, 1024)];
                count = 0;
                while (count < chunksize && input.hasNext()) {
                    if (count == items.length) {
                        items = java.util.Arrays.copyOf(items, (int) Math.min(chunksize, 2L * count));
                    }
                    items[count++] = input.next();
                }
            }
        } catch (RuntimeException | Error e) {
            throw new InputFailure(e);
        }
        if (count == 0) {
            return null;
        }
        FrameBuilder sink = new FrameBuilder(16 + count * 5);
        try {
            PackedValues.write(sink, items, count);
        } catch (PackedValues.IndexedSerializationException e) {
            Chunk chunk = new Chunk(this, index, firstTask, count, null);
            chunk.unserializable = new SerializationException("cannot send task " + (firstTask + e.index) + " of " + call
                    + ": " + e.serializationCause().getMessage(), e.serializationCause().getCause());
            return chunk;
        }
        return new Chunk(this, index, firstTask, count, sink.toByteArray());
    }

    /** The input iterable threw. */
    static final class InputFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InputFailure(Throwable cause) {
            super(cause);
        }
    }

    @Override
    public String toString() {
        return call + "#" + id;
    }
}
