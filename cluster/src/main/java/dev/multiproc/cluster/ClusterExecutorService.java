package dev.multiproc.cluster;

import dev.multiproc.SerializableCallable;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ClusterPool} as an {@link java.util.concurrent.ExecutorService}: every task runs on a
 * member, so it must be {@link Serializable} (a {@link SerializableCallable} or a lambda cast to
 * one). {@code invokeAll} and {@code invokeAny} work as the JDK defines them.
 *
 * <pre>{@code
 * ExecutorService executor = pool.asExecutorService();
 * Future<Integer> f = executor.submit((SerializableCallable<Integer>) () -> 6 * 7);
 * f.get();   // 42
 * }</pre>
 */
final class ClusterExecutorService extends AbstractExecutorService {
    private final ClusterPool pool;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    ClusterExecutorService(ClusterPool pool) {
        this.pool = pool;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new Shipped<>(shippable(callable));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        Runnable task = shippable(runnable);
        return new Shipped<>(() -> {
            task.run();
            return value;
        });
    }

    @Override
    public void execute(Runnable command) {
        if (!pool.isRunning()) {
            throw new RejectedExecutionException("the cluster pool is closed");
        }
        if (command instanceof Shipped) {
            ((Shipped<?>) command).start(pool);
        } else {
            Runnable task = shippable(command);
            pool.applyAsync(() -> {
                task.run();
                return null;
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> SerializableCallable<T> shippable(Callable<T> callable) {
        if (callable instanceof SerializableCallable) {
            return (SerializableCallable<T>) callable;
        }
        if (!(callable instanceof Serializable)) {
            throw new IllegalArgumentException("a task for the cluster must be Serializable (e.g. a SerializableCallable): "
                    + callable.getClass().getName());
        }
        return callable::call;
    }

    private static Runnable shippable(Runnable runnable) {
        if (!(runnable instanceof Serializable)) {
            throw new IllegalArgumentException("a task for the cluster must be Serializable (e.g. a SerializableRunnable): "
                    + runnable.getClass().getName());
        }
        return runnable;
    }

    @Override
    public void shutdown() {
        if (!terminated.isDone()) {
            Thread closer = new Thread(() -> {
                pool.close();
                terminated.complete(null);
            }, "multiproc-cluster-shutdown");
            closer.setDaemon(true);
            closer.start();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        pool.terminate();
        terminated.complete(null);
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return !pool.isRunning();
    }

    @Override
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            terminated.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException impossible) {
            return true;
        }
    }

    /** A task of {@code invokeAll}/{@code submit}: started on the cluster by {@link #execute}, not run here. */
    private static final class Shipped<T> implements RunnableFuture<T> {
        private final SerializableCallable<T> task;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private volatile ClusterResult<T> running;

        Shipped(SerializableCallable<T> task) {
            this.task = task;
        }

        void start(ClusterPool pool) {
            running = pool.applyAsync(task);
            running.toCompletableFuture().whenComplete((v, e) -> {
                if (e == null) {
                    result.complete(v);
                } else {
                    result.completeExceptionally(e);
                }
            });
        }

        @Override
        public void run() {
            // runs on a member: see start
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            ClusterResult<T> r = running;
            if (r != null) {
                r.cancel(true);
            }
            return result.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            return result.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(timeout, unit);
        }
    }
}
