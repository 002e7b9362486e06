package dev.multiproc.internal.pool;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.wire.FrameBuilder;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool's side of one worker: its process, its connection once it has said hello, the chunks
 * it holds (oldest first: the oldest is the one running), and which functions it has cached.
 * Fields other than the send state are guarded by the pool's lock.
 */
final class WorkerHandle {
    /** How many functions a worker caches; the least recently used is forgotten beyond that. */
    private static final int FUNCTION_CACHE = 64;

    enum State { STARTING, READY, RETIRING, STOPPING, DEAD }

    final int id;
    final ChildProcess process;
    volatile FramedChannel channel;
    State state = State.STARTING;
    final ArrayDeque<Chunk> inflight = new ArrayDeque<>();
    int reserved;
    /** The job the reserved chunks are being read for. */
    Job reservedFor;
    int chunksSent;
    /** Released by close() before it connected: it is left to run its initializer, then told to leave. */
    boolean finishingStart;
    long lastResultNanos;
    /** Set when the pool kills this worker on purpose (timeout, cancel): the chunk and why. */
    Chunk killChunk;
    TaskError killError;
    /** What the worker reported just before halting, if anything. */
    volatile TaskFailure fatal;

    private final Object sendLock = new Object();
    private final Map<Long, Boolean> knownFunctions = new LinkedHashMap<>(16, 0.75f, true);
    private final List<Long> forgotten = new ArrayList<>();
    private final FrameBuilder frame = new FrameBuilder(64 * 1024);

    WorkerHandle(int id, ChildProcess process) {
        this.id = id;
        this.process = process;
    }

    /** Under the pool lock: whether it counts towards the pool's size (starting or ready, not leaving). */
    boolean isActive() {
        return state == State.STARTING || state == State.READY;
    }

    /** Number of chunks it holds or is about to be sent. */
    int load() {
        return inflight.size() + reserved;
    }

    /** Sends chunks in one frame, preceded by the functions this worker has not cached yet. */
    void send(List<Chunk> chunks) {
        synchronized (sendLock) {
            frame.reset();
            for (Chunk chunk : chunks) {
                FunctionRef fn = chunk.job.function;
                if (knownFunctions.put(fn.id, Boolean.TRUE) == null) {
                    frame.putByte(Protocol.FUNCTION).putLong(fn.id).putBlock(fn.bytes);
                    if (knownFunctions.size() > FUNCTION_CACHE) {
                        Long eldest = knownFunctions.keySet().iterator().next();
                        knownFunctions.remove(eldest);
                        forgotten.add(eldest);
                    }
                }
            }
            for (Long id : forgotten) {
                frame.putByte(Protocol.FORGET).putLong(id);
            }
            forgotten.clear();
            for (Chunk chunk : chunks) {
                frame.putByte(Protocol.CHUNK).putLong(chunk.id).putLong(chunk.job.function.id);
                frame.putRaw(chunk.arguments);
            }
            channel.write(frame.array(), 0, frame.size());
        }
    }

    /** Half-closes the connection: the worker reads end-of-stream after its last chunk and exits. */
    void shutdownOutput() {
        FramedChannel c = channel;
        if (c != null) {
            try {
                c.channel().shutdownOutput();
            } catch (IOException ignored) {
                // already closed: the worker is gone
            }
        }
    }

    String describe() {
        Long pid = null;
        try {
            pid = process.pid();
        } catch (IllegalStateException closed) {
            // described without a pid
        }
        return "worker " + id + " (pid " + pid + ")";
    }
}
