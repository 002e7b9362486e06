package dev.multiproc.pool;

import dev.multiproc.Multiprocessing;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.SerializationException;
import dev.multiproc.internal.pool.Job;
import dev.multiproc.internal.pool.ListCollector;
import dev.multiproc.internal.pool.PoolCore;
import dev.multiproc.internal.pool.Progress;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} whose tasks run in worker JVMs: Python's
 * {@code concurrent.futures.ProcessPoolExecutor}.
 *
 * <pre>{@code
 * try (ProcessPoolExecutor executor = new ProcessPoolExecutor(4)) {
 *     Future<Long> f = executor.submit(() -> countPrimes(0, 1_000_000));
 *     System.out.println(f.get());
 * }
 * }</pre>
 *
 * Tasks must be serializable ({@link SerializableCallable}, {@link SerializableRunnable}; a lambda
 * passed to {@code submit} is one); a task that cannot be serialized is rejected with a
 * {@link SerializationException} by {@code submit}. The futures are {@link AsyncResult}s, the same
 * as a pool's: {@code get()} reports a failure as an {@link ExecutionException} whose cause is the
 * task's exception (its own class, with the remote stack trace), a {@link WorkerDiedException} or
 * a {@link TaskTimeoutException}; {@code join()} and {@code get(Duration)} as Python's
 * {@code result()} would, unchecked; {@code toCompletableFuture()} for composing. Unlike Python's,
 * a dead worker does not break the executor: only its task fails. {@link #shutdownNow()} kills the
 * workers running tasks; {@code cancel(true)} kills the worker running that task.
 */
public final class ProcessPoolExecutor implements ExecutorService, AutoCloseable {
    private final PoolCore core;
    private final Map<Job, Object> pending = new ConcurrentHashMap<>();

    /** {@link Multiprocessing#cpuCount()} workers. */
    public ProcessPoolExecutor() {
        this(Pool.builder());
    }

    /**
     * {@code maxWorkers} workers.
     *
     * @param maxWorkers how many worker processes the executor keeps, at least 1
     * @throws IllegalArgumentException when {@code maxWorkers} is less than 1
     */
    public ProcessPoolExecutor(int maxWorkers) {
        this(Pool.builder().processes(maxWorkers));
    }

    /** Workers configured as for a pool: {@code new ProcessPoolExecutor(Pool.builder().processes(2).taskTimeout(d))}. */
    /**
     * Workers configured as a pool's would be.
     *
     * @param settings the pool settings to use (processes, initializer, task timeout, context), not {@code null}
     */
    public ProcessPoolExecutor(PoolBuilder settings) {
        this.core = new PoolCore(settings.config("ProcessPoolExecutor"));
    }

    /**
     * Submits {@code task}; its future gets results and failures as {@link AsyncResult} says.
     *
     * @param <T>  the result's type
     * @param task what a worker runs, not {@code null}; serialized with what it captures
     * @return the pending result
     */
    public <T> AsyncResult<T> submit(SerializableCallable<T> task) {
        return run(task, Tasks.of(task));
    }

    /** Submits a task that must be {@link Serializable}; otherwise throws {@link SerializationException}. */
    @Override
    public <T> AsyncResult<T> submit(Callable<T> task) {
        return run(task, Tasks.of(serializable(task, SerializableCallable.class)::call));
    }

    /**
     * Submits {@code task}; its future completes with null.
     *
     * @param task what a worker runs, not {@code null}; serialized with what it captures
     * @return the pending result, null once the task has run
     */
    public AsyncResult<?> submit(SerializableRunnable task) {
        return run(task, Tasks.of(task));
    }

    @Override
    public AsyncResult<?> submit(Runnable task) {
        return run(task, Tasks.of(serializable(task, SerializableRunnable.class)::run));
    }

    @Override
    public <T> AsyncResult<T> submit(Runnable task, T result) {
        Runnable r = serializable(task, SerializableRunnable.class);
        SerializableRunnable body = r::run;
        return run(task, Tasks.of((SerializableCallable<T>) () -> {
            body.run();
            return result;
        }));
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    @SuppressWarnings("unchecked")
    private static <T> T serializable(Object task, Class<T> type) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        if (!(task instanceof Serializable)) {
            throw new SerializationException("cannot submit " + task.getClass().getName()
                    + ": a task must be Serializable (declare the lambda as a " + type.getSimpleName() + ")", null);
        }
        return type.isInstance(task) ? (T) task : wrap(task, type);
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Object task, Class<T> type) {
        if (type == SerializableCallable.class) {
            Callable<?> c = (Callable<?>) task;
            SerializableCallable<?> s = c::call;
            return (T) s;
        }
        Runnable r = (Runnable) task;
        SerializableRunnable s = r::run;
        return (T) s;
    }

    private <T> AsyncResult<T> run(Object original, Object function) {
        ListCollector collector = new ListCollector(true, null, null, new Progress(1, null));
        Job job = core.submitOne("submit()", function, null, collector);
        pending.put(job, original);
        collector.outcome().whenComplete((v, e) -> pending.remove(job));
        return new AsyncResult<>(core, job, collector.outcome());
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS); // deadline - now stays right as the sum wraps
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(submit(task));
        }
        for (Future<T> f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                // reported by the future
            } catch (TimeoutException e) {
                futures.forEach(g -> g.cancel(true));
                break;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny of no tasks");
        }
        long deadline = unit.toNanos(timeout) == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + unit.toNanos(timeout);
        java.util.concurrent.BlockingQueue<AsyncResult<T>> done = new java.util.concurrent.LinkedBlockingQueue<>();
        List<AsyncResult<T>> futures = new ArrayList<>();
        try {
            for (Callable<T> task : tasks) {
                AsyncResult<T> f = (AsyncResult<T>) submit(task);
                futures.add(f);
                f.whenDone(() -> done.add(f));
            }
            ExecutionException last = null;
            for (int i = 0; i < futures.size(); i++) {
                AsyncResult<T> f = deadline == Long.MAX_VALUE ? done.take()
                        : done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new TimeoutException("no task of invokeAny completed within " + timeout + " " + unit);
                }
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    last = e;
                }
            }
            throw last;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /** Rejects new tasks; submitted ones still run. */
    @Override
    public void shutdown() {
        core.close();
    }

    /** Cancels what has not started, kills the workers running tasks; returns the tasks never started. */
    @Override
    public List<Runnable> shutdownNow() {
        Map<Job, Object> submitted = new java.util.HashMap<>(pending); // terminating completes (and forgets) them
        List<Job> notStarted = core.terminate();
        List<Runnable> tasks = new ArrayList<>();
        for (Job job : notStarted) {
            Object task = submitted.get(job);
            if (task instanceof Runnable) {
                tasks.add((Runnable) task);
            } else if (task instanceof Callable) {
                Callable<?> c = (Callable<?>) task;
                tasks.add(() -> {
                    try {
                        c.call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
        return tasks;
    }

    @Override
    public boolean isShutdown() {
        return core.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return core.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return core.awaitTermination(Duration.ofNanos(unit.toNanos(timeout)));
    }

    /** {@link #shutdown()} and wait for the submitted tasks and the workers (as Java 19's ExecutorService.close). */
    @Override
    public void close() {
        shutdown();
        core.awaitTermination(null);
    }
}
