package dev.multiproc.internal.pool;

import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.spi.ReadyInput;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine behind {@code Pool} and {@code ProcessPoolExecutor}: worker JVMs, the queue of jobs,
 * and the threads that move work between them.
 *
 * <ul>
 *   <li>{@link Dispatcher}: reads job input lazily, encodes chunks, sends them to workers with room.</li>
 *   <li>{@link WorkerServer}: accepts workers' connections; one reader thread per worker collects results.</li>
 *   <li>{@link Supervisor}: starts workers, reacts to their exits (fail the running chunk, resend
 *       the others, start a replacement), retires workers at {@code maxTasksPerChild}, enforces
 *       task timeouts.</li>
 * </ul>
 * All shared state is guarded by {@link #lock}; no lock is held while user code, encoding,
 * decoding or I/O runs.
 */
public final class PoolCore {
    enum State { RUNNING, CLOSED, TERMINATED }

    private static final AtomicInteger POOLS = new AtomicInteger();

    final PoolConfig config;
    final String name;
    final ReentrantLock lock = new ReentrantLock();
    final Condition workAvailable = lock.newCondition();
    final List<WorkerHandle> workers = new ArrayList<>();
    final ArrayDeque<Job> jobs = new ArrayDeque<>();
    State state = State.RUNNING;
    BrokenPoolException broken;
    int consecutiveStartFailures;
    private final AtomicLong jobIds = new AtomicLong();
    final CompletableFuture<Void> terminated = new CompletableFuture<>();

    final WorkerServer server;
    final Supervisor supervisor;
    final Dispatcher dispatcher;

    public PoolCore(PoolConfig config) {
        this.config = config;
        this.name = config.kind() + "-" + POOLS.incrementAndGet();
        this.server = new WorkerServer(this);
        this.supervisor = new Supervisor(this);
        this.dispatcher = new Dispatcher(this);
        try {
            for (int i = 0; i < config.processes(); i++) {
                supervisor.startWorker();
            }
        } catch (RuntimeException e) {
            terminate();
            awaitTermination(null);
            throw e;
        }
        dispatcher.start();
        supervisor.start();
    }

    public int processes() {
        return config.processes();
    }

    // ---------------------------------------------------------------------------------- submitting

    /** A job reading {@code input} in chunks of {@code chunksize}. */
    public Job submit(String call, Object function, Iterator<?> input, int chunksize, Collector collector) {
        return submit(call, function, input, chunksize, 0, collector);
    }

    /** As above, with at most {@code maxWorkers} workers (0: any number) running its chunks at once. */
    public Job submit(String call, Object function, Iterator<?> input, int chunksize, int maxWorkers, Collector collector) {
        FunctionRef fn = FunctionRef.encode(function, call);
        Job job = new Job(jobIds.incrementAndGet(), call, fn, input, chunksize, collector);
        job.maxWorkers = maxWorkers;
        if (collector instanceof StreamCollector) {
            ((StreamCollector) collector).onConsumed(this::wakeDispatcher);
        }
        if (input instanceof ReadyInput) {
            ((ReadyInput) input).onReady(this::wakeDispatcher);
        }
        lock.lock();
        try {
            checkAccepting();
            jobs.add(job);
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        return job;
    }

    /**
     * A job of one task whose argument is encoded here, in the caller, so that an unserializable
     * argument fails the call itself. When a worker is idle and nothing is queued, the caller's
     * thread sends the task itself: one thread hand-off less on the round trip.
     */
    public Job submitOne(String call, Object function, Object argument, Collector collector) {
        FunctionRef fn = FunctionRef.encode(function, call);
        Job job = new Job(jobIds.incrementAndGet(), call, fn, null, 1, collector);
        Chunk chunk = new Chunk(job, 0, 0, 1, PackedValues.single(argument, call));
        WorkerHandle direct = null;
        lock.lock();
        try {
            checkAccepting();
            job.chunksCreated = 1;
            job.tasksCreated = 1;
            jobs.add(job);
            if (jobs.size() == 1) {
                direct = dispatcher.idleWorker();
            }
            if (direct != null) {
                dispatcher.register(direct, chunk);
            } else {
                job.ready.add(chunk);
                workAvailable.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (direct != null) {
            dispatcher.send(direct, List.of(chunk));
        }
        return job;
    }

    private void checkAccepting() {
        if (broken != null) {
            throw new BrokenPoolException(broken.getMessage(), broken.getCause());
        }
        if (state != State.RUNNING) {
            throw new IllegalStateException("Pool not running: " + name + " is " + state.name().toLowerCase());
        }
    }

    void wakeDispatcher() {
        lock.lock();
        try {
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // -------------------------------------------------------------------------------- completing

    /** After a chunk's outcome was delivered: count it, and finish the job when it was the last. */
    void chunkSettled(Job job) {
        boolean finish;
        lock.lock();
        try {
            job.chunksFinished++;
            finish = checkFinished(job);
        } finally {
            lock.unlock();
        }
        if (finish) {
            job.collector.finished(job.chunksCreated, job.tasksCreated);
        }
    }

    /** Under the lock: true (once) when nothing of {@code job} is left to run. */
    boolean checkFinished(Job job) {
        if (job.finished) {
            return false;
        }
        if (job.collector.isDecided() && !job.ready.isEmpty()) {
            job.chunksFinished += job.ready.size();
            job.ready.clear();
        }
        boolean inputOver = job.inputDone || job.collector.isDecided();
        if (!inputOver || job.reading || !job.ready.isEmpty() || job.chunksFinished < job.chunksCreated) {
            return false;
        }
        job.finished = true;
        jobs.remove(job);
        workAvailable.signalAll();
        if (state == State.CLOSED && jobs.isEmpty()) {
            stopIdleWorkers();
        }
        return true;
    }

    /** Under the lock, once closed or broken with nothing left to do: let every worker go. */
    void stopIdleWorkers() {
        for (WorkerHandle w : workers) {
            if (w.load() == 0 && w.state != WorkerHandle.State.DEAD) {
                supervisor.release(w);
            }
        }
        supervisor.checkTerminated();
    }

    /** Fails a chunk that will not run, outside the lock. */
    void failChunk(Chunk chunk, TaskError error) {
        chunk.job.collector.chunkFailed(chunk, error);
        chunkSettled(chunk.job);
    }

    // ------------------------------------------------------------------------------- cancelling

    /** Python has no cancel; here it drops what has not started and kills the worker of what has. */
    public boolean cancel(Job job, boolean mayInterruptIfRunning) {
        List<WorkerHandle> toKill = new ArrayList<>();
        TaskError error;
        lock.lock();
        try {
            if (job.finished || job.collector.isDecided()) {
                return false; // e.g. closing an imap iterator that was read to the end: no exception to build
            }
            error = TaskError.local(new CancellationException(job.call + " was cancelled"));
            job.collector.abort(error);
            for (WorkerHandle w : workers) {
                Chunk running = w.inflight.peekFirst();
                for (Chunk c : w.inflight) {
                    if (c.job == job) {
                        c.cancelled = true;
                    }
                }
                if (mayInterruptIfRunning && running != null && running.job == job && w.killChunk == null) {
                    w.killChunk = running;
                    w.killError = error;
                    toKill.add(w);
                }
            }
            boolean finish = checkFinished(job);
            if (finish) {
                lock.unlock();
                try {
                    job.collector.finished(job.chunksCreated, job.tasksCreated);
                } finally {
                    lock.lock();
                }
            }
        } finally {
            lock.unlock();
        }
        toKill.forEach(w -> w.process.kill());
        return true;
    }

    // -------------------------------------------------------------------------------- shutting down

    /** Python's close(): no new work; workers exit once the queued work is done. */
    public void close() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            if (jobs.isEmpty() || broken != null) {
                stopIdleWorkers();
            }
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Python's terminate(): unfinished work is cancelled and every worker is stopped now.
     *
     * @return the jobs none of whose tasks had been sent to a worker
     */
    public List<Job> terminate() {
        List<Job> aborted;
        List<Job> notStarted = new ArrayList<>();
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return List.of();
            }
            state = State.TERMINATED;
            aborted = dropAll();
            for (Job job : aborted) {
                if (job.ready.size() == job.chunksCreated && job.chunksFinished == 0) {
                    notStarted.add(job);
                }
            }
        } finally {
            lock.unlock();
        }
        abortAll(aborted, TaskError.local(new CancellationException("the pool was terminated")));
        return notStarted;
    }

    /** Called by the supervisor when workers cannot start or initialize: the pool fails all work. */
    void breakPool(BrokenPoolException failure) {
        List<Job> aborted;
        lock.lock();
        try {
            if (broken != null) {
                return;
            }
            broken = failure;
            aborted = dropAll();
        } finally {
            lock.unlock();
        }
        abortAll(aborted, TaskError.local(failure));
    }

    /** Under the lock: takes every job off the queue and stops every worker; returns the jobs. */
    private List<Job> dropAll() {
        List<Job> dropped = new ArrayList<>(jobs);
        jobs.clear();
        for (WorkerHandle w : workers) {
            supervisor.stop(w);
        }
        workAvailable.signalAll();
        return dropped;
    }

    /** Outside the lock: fails what is left of {@code aborted} with {@code error}; the pool may then have ended. */
    private void abortAll(List<Job> aborted, TaskError error) {
        for (Job job : aborted) {
            job.collector.abort(error);
        }
        supervisor.checkTerminated();
    }

    /** Whether {@link #breakPool} has run: every call fails with {@link BrokenPoolException}. */
    public boolean isBroken() {
        lock.lock();
        try {
            return broken != null;
        } finally {
            lock.unlock();
        }
    }

    public boolean isRunning() {
        lock.lock();
        try {
            return state == State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutdown() {
        return !isRunning();
    }

    public boolean isTerminated() {
        return terminated.isDone();
    }

    /** Waits for every worker to exit and the pool's threads to end; false on timeout. */
    public boolean awaitTermination(Duration timeout) {
        return awaitDone(terminated, timeout, "joining " + name);
    }

    /**
     * Waits until {@code future} is done, at most {@code timeout} (null: without limit); false
     * when the time ran out first. An interrupt is thrown unchecked, naming what was {@code waiting};
     * the thread stays interrupted.
     */
    public static boolean awaitDone(CompletableFuture<?> future, Duration timeout, String waiting) {
        try {
            if (timeout == null) {
                future.get();
            } else {
                future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.multiproc.MultiprocessingException("interrupted while " + waiting, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The pids of the live workers, in worker id order. */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerHandle w : workers) {
                if (w.isActive()) {
                    Long pid = w.process.pid();
                    if (pid != null) {
                        pids.add(pid);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        return pids;
    }

    /** Waits until every worker has connected; for tests and benchmarks that must not time start-up. */
    public boolean awaitWorkersReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                int ready = 0;
                for (WorkerHandle w : workers) {
                    if (w.state == WorkerHandle.State.READY) {
                        ready++;
                    }
                }
                if (ready >= config.processes() || broken != null || state != State.RUNNING) {
                    return ready >= config.processes();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                workAvailable.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
