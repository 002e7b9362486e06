package dev.multiproc.pool;

import dev.multiproc.Multiprocessing;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.SerializableConsumer;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.internal.pool.PoolConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings for a {@link Pool} or a {@link ProcessPoolExecutor}, from {@link Pool#builder()}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().processes(4).maxTasksPerChild(100).build()) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));   // [1, 4, 9]
 * }
 * }</pre>
 *
 * Each setting is checked when it is set, so a bad value fails at its own call with
 * {@link IllegalArgumentException}, before any worker starts.
 */
public final class PoolBuilder {
    private int processes = Multiprocessing.cpuCount();
    private SerializableRunnable initializer;
    private int maxTasksPerChild;
    private Duration taskTimeout;
    private MultiprocessingContext context;

    PoolBuilder() {
    }

    /**
     * The number of workers (default {@link Multiprocessing#cpuCount()}); must be positive.
     *
     * @param processes how many worker processes the pool keeps, at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code processes} is less than 1
     */
    public PoolBuilder processes(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("Number of processes must be at least 1: " + processes);
        }
        this.processes = processes;
        return this;
    }

    /**
     * Run once in each worker before its first task (Python's {@code initializer}).
     *
     * @param initializer what each worker runs first, also each replacement; null for nothing
     * @return this builder
     */
    public PoolBuilder initializer(SerializableRunnable initializer) {
        this.initializer = initializer;
        return this;
    }

    /**
     * Python's {@code initializer} with {@code initargs}.
     *
     * @param <T>         the argument's type
     * @param initializer what each worker runs first with {@code arg}, not {@code null}
     * @param arg         the argument, serialized to each worker; may be null
     * @return this builder
     */
    public <T> PoolBuilder initializer(SerializableConsumer<T> initializer, T arg) {
        Objects.requireNonNull(initializer, "initializer");
        return initializer(() -> initializer.accept(arg));
    }

    /**
     * Replace a worker after it has run this many tasks (Python's {@code maxtasksperchild}; a
     * chunk of {@code map} counts as one task, as in Python). Without this call workers are kept.
     *
     * @param tasks how many tasks a worker runs before it is replaced, at least 1
     * @return this builder
     * @throws IllegalArgumentException unless {@code tasks > 0} (Python rejects 0 as well)
     */
    public PoolBuilder maxTasksPerChild(int tasks) {
        if (tasks <= 0) {
            throw new IllegalArgumentException("maxTasksPerChild must be a positive number of tasks: " + tasks);
        }
        this.maxTasksPerChild = tasks;
        return this;
    }

    /**
     * A task running longer than this fails with {@link TaskTimeoutException} and its worker is
     * killed and replaced. For chunks of several tasks, the chunk gets this much per task.
     *
     * @param timeout the longest a task may run, positive; null for no limit (the default)
     * @return this builder
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public PoolBuilder taskTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("taskTimeout must be positive: " + timeout);
        }
        this.taskTimeout = timeout;
        return this;
    }

    /**
     * How workers are started (JVM options, standby JVMs, ...); default: the default context.
     *
     * @param context the context the workers start with; null for {@link Multiprocessing#defaultContext()}
     * @return this builder
     */
    public PoolBuilder context(MultiprocessingContext context) {
        this.context = context;
        return this;
    }

    /**
     * Builds the pool and starts its workers.
     *
     * @return the running pool; close it (try-with-resources) to let its workers exit
     */
    public Pool build() {
        return new Pool(this);
    }

    PoolConfig config(String kind) {
        return new PoolConfig(processes, initializer, maxTasksPerChild, taskTimeout,
                context != null ? context : Multiprocessing.defaultContext(), kind);
    }
}
