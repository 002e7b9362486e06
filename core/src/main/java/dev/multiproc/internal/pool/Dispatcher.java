package dev.multiproc.internal.pool;

import dev.multiproc.connection.ConnectionException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread that feeds workers: takes the oldest job with something to send, reads its next
 * chunks from the input (lazily: only when a worker has room), and sends them to the least loaded
 * worker, several chunks in one frame when chunks are short.
 *
 * <p>Why one thread: the input iterable is user code that may block (a file, a generator), so it
 * must not run on a thread that collects results; and one reader of each input keeps chunks in
 * input order. Single tasks ({@code apply}) usually bypass it: see {@link PoolCore#submitOne}.
 */
final class Dispatcher implements Runnable {
    /** Frames are kept below this many argument bytes, so that big chunks are not batched together. */
    private static final int FRAME_BYTES = 256 * 1024;

    private final PoolCore core;
    private final Thread thread;
    private final AtomicLong chunkIds = new AtomicLong();

    Dispatcher(PoolCore core) {
        this.core = core;
        this.thread = new Thread(this, "multiproc-" + core.name + "-dispatcher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (true) {
            Job job;
            WorkerHandle worker;
            int room;
            List<Chunk> batch = new ArrayList<>();
            core.lock.lock();
            try {
                while (true) {
                    if (core.terminated.isDone() || core.state == PoolCore.State.TERMINATED || core.broken != null) {
                        return;
                    }
                    worker = null;
                    job = null;
                    for (Job candidate : core.jobs) {
                        if (candidate.dispatchable()) {
                            worker = leastLoaded(candidate);
                            if (worker != null) {
                                job = candidate;
                                break;
                            }
                        }
                    }
                    if (worker != null) {
                        break;
                    }
                    core.workAvailable.awaitUninterruptibly();
                }
                room = job.lookahead() - worker.load();
                if (room > 1 && anotherIdle(job, worker)) {
                    room = 1; // never queue a chunk behind another while a worker that may run it idles
                }
                if (core.config.maxTasksPerChild() > 0) {
                    room = Math.min(room, core.config.maxTasksPerChild() - worker.chunksSent);
                }
                while (room > batch.size() && !job.ready.isEmpty()) {
                    batch.add(job.ready.poll());
                }
                worker.reserved += room - batch.size();
                worker.reservedFor = job;
                if (batch.size() < room) {
                    job.reading = true;
                }
            } finally {
                core.lock.unlock();
            }
            int toRead = room - batch.size();
            List<Chunk> read = toRead > 0 ? read(job, toRead) : List.of();
            List<Chunk> failed = new ArrayList<>();
            boolean sendable;
            core.lock.lock();
            try {
                job.reading = false;
                worker.reserved -= toRead;
                if (worker.reserved == 0) {
                    worker.reservedFor = null; // a finished job must not stay reachable from an idle worker
                }
                batch.addAll(read);
                sendable = worker.state == WorkerHandle.State.READY || worker.state == WorkerHandle.State.RETIRING;
                List<Chunk> toSend = new ArrayList<>();
                for (Chunk chunk : batch) {
                    if (chunk.unserializable != null) {
                        failed.add(chunk);
                    } else if (!sendable || job.collector.isDecided() || core.state == PoolCore.State.TERMINATED) {
                        job.ready.add(chunk); // dropped by checkFinished when the job is decided
                    } else {
                        register(worker, chunk);
                        toSend.add(chunk);
                    }
                }
                batch = toSend;
                if (core.checkFinished(job)) {
                    failed.add(null); // marker: finish after failing
                }
                core.workAvailable.signalAll();
            } finally {
                core.lock.unlock();
            }
            if (!batch.isEmpty()) {
                send(worker, batch);
            }
            boolean finish = false;
            for (Chunk chunk : failed) {
                if (chunk == null) {
                    finish = true;
                } else {
                    core.failChunk(chunk, TaskError.local(chunk.unserializable));
                }
            }
            if (finish) {
                job.collector.finished(job.chunksCreated, job.tasksCreated);
            }
        }
    }

    /** Reads up to {@code count} chunks, stopping at the end of the input or a frame's worth of bytes. */
    private List<Chunk> read(Job job, int count) {
        List<Chunk> chunks = new ArrayList<>(Math.min(count, 64));
        int bytes = 0;
        while (chunks.size() < count && bytes < FRAME_BYTES) {
            int index;
            long firstTask;
            core.lock.lock();
            try {
                if (job.inputDone || job.collector.isDecided() || !job.collector.wantsMore(job.chunksCreated)
                        || !job.inputReady()) {
                    break;
                }
                index = job.chunksCreated;
                firstTask = job.tasksCreated;
            } finally {
                core.lock.unlock();
            }
            Chunk chunk;
            try {
                chunk = job.readChunk(index, firstTask);
            } catch (Job.InputFailure e) {
                core.lock.lock();
                try {
                    job.inputDone = true;
                } finally {
                    core.lock.unlock();
                }
                job.collector.inputFailed(index, firstTask, TaskError.local(e.getCause()));
                break;
            }
            core.lock.lock();
            try {
                if (chunk == null) {
                    job.inputDone = true;
                    break;
                }
                job.chunksCreated++;
                job.tasksCreated += chunk.size;
            } finally {
                core.lock.unlock();
            }
            chunks.add(chunk);
            bytes += chunk.arguments == null ? 0 : chunk.arguments.length;
        }
        return chunks;
    }

    /** Sends outside the lock; a failed send means the worker is gone, which the supervisor handles. */
    void send(WorkerHandle worker, List<Chunk> chunks) {
        try {
            worker.send(chunks);
        } catch (ConnectionException | IllegalStateException gone) {
            // the worker's exit fails or resends these chunks
        }
    }

    /** Under the lock: whether a worker other than {@code chosen} could take a chunk of {@code job} and holds none. */
    private boolean anotherIdle(Job job, WorkerHandle chosen) {
        for (WorkerHandle w : core.workers) {
            if (w != chosen && idle(w) && job.mayUse(w, core.workers)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Under the lock: whether {@code w}'s running chunk has run longer than the lookahead assumes
     * chunks take. A chunk queued behind it would wait for as long as it runs, while another worker
     * may idle; and if the running task waits for others (a consumer of {@code imapUnordered} may
     * make it), the queued one would never start.
     */
    private static boolean runningLong(WorkerHandle w, long now) {
        Chunk running = w.inflight.peekFirst();
        return running != null && now - Math.max(running.sentNanos, w.lastResultNanos) > Job.LOOKAHEAD_NANOS;
    }

    /** The least loaded worker with room for a chunk of {@code job}, or null. */
    private WorkerHandle leastLoaded(Job job) {
        int lookahead = job.lookahead();
        long now = System.nanoTime();
        WorkerHandle best = null;
        for (WorkerHandle w : core.workers) {
            if (w.state == WorkerHandle.State.READY && w.load() < lookahead && hasTaskBudget(w)
                    && (best == null || w.load() < best.load()) && job.mayUse(w, core.workers)
                    && (w.load() == 0 || !runningLong(w, now))) {
                best = w;
            }
        }
        return best;
    }

    /** Under the lock: a worker that holds no chunk and may take one, or null. */
    WorkerHandle idleWorker() {
        for (WorkerHandle w : core.workers) {
            if (idle(w)) {
                return w;
            }
        }
        return null;
    }

    /** Under the lock: whether {@code w} is connected, holds no chunk and may take one. */
    private boolean idle(WorkerHandle w) {
        return w.state == WorkerHandle.State.READY && w.load() == 0 && hasTaskBudget(w);
    }

    /** Under the lock: whether {@code w} may take another chunk before {@code maxTasksPerChild} retires it. */
    private boolean hasTaskBudget(WorkerHandle w) {
        int max = core.config.maxTasksPerChild();
        return max == 0 || w.chunksSent < max;
    }

    /** Under the lock: records that {@code chunk} goes to {@code w}; the caller sends it after releasing the lock. */
    void register(WorkerHandle w, Chunk chunk) {
        chunk.id = chunkIds.incrementAndGet();
        chunk.worker = w;
        chunk.sentNanos = System.nanoTime();
        w.inflight.add(chunk);
        w.chunksSent++;
        if (!hasTaskBudget(w) && w.state == WorkerHandle.State.READY) {
            w.state = WorkerHandle.State.RETIRING;
            core.supervisor.replace();
        }
    }
}
