package dev.multiproc.pool;

import dev.multiproc.Multiprocessing;
import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import dev.multiproc.internal.pool.PoolCore;
import dev.multiproc.internal.pool.WorkerLoop;
import dev.multiproc.internal.runtime.Interruption;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A pool of worker JVMs: Python's {@code multiprocessing.Pool}.
 *
 * <pre>{@code
 * try (Pool pool = new Pool(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));   // [1, 4, 9]
 * }
 * }</pre>
 *
 * Functions are serializable lambdas or method references ({@link SerializableFunction}); each is
 * encoded once per call and cached by the workers. Arguments and results travel with the project's
 * codec (a fast path for boxed primitives, strings and primitive arrays, JDK serialization else).
 *
 * <h2>Beyond Python</h2>
 * <ul>
 *   <li>A worker that dies (SIGKILL, {@code System.exit}, {@link OutOfMemoryError}, a native crash)
 *       fails only the tasks it was running, with a {@link WorkerDiedException}; the pool starts a
 *       replacement and keeps working.</li>
 *   <li>{@link PoolBuilder#taskTimeout}: a task that runs too long fails with
 *       {@link TaskTimeoutException} and its worker is replaced; {@code cancel(true)} of a running
 *       task kills its worker too.</li>
 *   <li>A remote exception keeps its class when it can be rebuilt here, with the remote stack trace.</li>
 *   <li>An unserializable function or {@code apply} argument fails in the caller; an
 *       unserializable result fails only its task, with {@link dev.multiproc.SerializationException}.</li>
 * </ul>
 *
 * <h2>Closing</h2>
 * {@link #close()} is Python's {@code close()} followed by {@code join()}: no new work, the work
 * already submitted finishes, then the workers exit; it returns when they have. That is what
 * try-with-resources calls, so that no process is left behind the block (Python's {@code with}
 * calls {@code terminate()} instead; call {@link #terminate()} to discard unfinished work).
 * A closed or terminated pool rejects new work with {@link IllegalStateException}.
 */
public final class Pool implements AutoCloseable {
    private final PoolCore core;
    private final PoolJobs jobs;

    /** A pool of {@link Multiprocessing#cpuCount()} workers. */
    public Pool() {
        this(builder());
    }

    /**
     * A pool of {@code processes} workers; Python's {@code Pool(processes)}.
     *
     * @param processes how many worker processes the pool keeps, at least 1
     * @throws IllegalArgumentException when {@code processes} is less than 1
     */
    public Pool(int processes) {
        this(builder().processes(processes));
    }

    Pool(PoolBuilder settings) {
        this.core = new PoolCore(settings.config("Pool"));
        this.jobs = new PoolJobs(core);
    }

    /**
     * A builder for a pool with more settings than the number of workers.
     *
     * @return a new builder with the defaults
     */
    public static PoolBuilder builder() {
        return new PoolBuilder();
    }

    /**
     * The id of the pool worker the calling code runs in.
     *
     * @return the id (1, 2, ...; replacements get new ids); empty outside a pool worker
     */
    public static OptionalInt currentWorkerId() {
        int id = WorkerLoop.currentWorkerId();
        return id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * The number of workers the pool keeps.
     *
     * @return the {@code processes} the pool was built with
     */
    public int processes() {
        return core.processes();
    }

    /**
     * The pids of the current workers, for diagnostics.
     *
     * @return a snapshot; workers that died or were replaced leave it
     */
    public List<Long> workerPids() {
        return core.workerPids();
    }

    /**
     * Waits until every worker has started and connected, e.g. before timing work.
     *
     * @param timeout how long to wait at most, not {@code null}
     * @return true when every worker is ready, false when not within {@code timeout}
     */
    public boolean awaitReady(Duration timeout) {
        return Interruption.unchecked(this, () -> core.awaitWorkersReady(timeout));
    }

    // -------------------------------------------------------------------------------------- map

    /**
     * Python's {@code map}: {@code fn} applied to every item, results in input order.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @return the results in the order of {@code items}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for an item, the original as its cause (see {@link AsyncResult})
     */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map(fn, items, 0);
    }

    /**
     * {@code map} with chunks of {@code chunksize} tasks (0: Python's default, {@code ceil(n / (4 * processes))}).
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @param chunksize how many items travel to a worker together; 0 for Python's default
     * @return the results in the order of {@code items}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for an item, the original as its cause (see {@link AsyncResult})
     */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        return map(fn, items, chunksize, null);
    }

    /**
     * {@code map} reporting progress to {@code progress}.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @param chunksize how many items travel to a worker together; 0 for Python's default
     * @param progress told how many items are done after each chunk; null for none
     * @return the results in the order of {@code items}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for an item, the original as its cause (see {@link AsyncResult})
     */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize,
                              ProgressListener progress) {
        return this.<T, R>mapAsync(fn, items, chunksize, progress, null, null).join();
    }

    /**
     * Python's {@code map_async}.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @return the pending call; {@link AsyncResult#join()} gives the results in the order of {@code items}
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return mapAsync(fn, items, 0, null, null, null);
    }

    /**
     * Python's {@code map_async} with callbacks, run on a pool thread before waiters wake.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @param chunksize how many items travel to a worker together; 0 for Python's default
     * @param progress told how many items are done after each chunk; null for none
     * @param callback      run with the result on a pool thread before waiters wake; null for none
     * @param errorCallback run with the failure instead when the call fails; null for none
     * @return the pending call; {@link AsyncResult#join()} gives the results in the order of {@code items}
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                               int chunksize, ProgressListener progress,
                                               Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        return jobs.list("map()", fn, items, chunksize, progress, callback, errorCallback);
    }

    /**
     * Python's {@code starmap}: {@code fn(a, b)} for every pair, e.g. {@code Map.entry(a, b)}.
     *
     * @param <A>   the first elements' type
     * @param <B>   the second elements' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers to each pair's key and value, not {@code null}
     * @param pairs the argument pairs, not {@code null}, e.g. {@code Map.entry(a, b)} or a map's entry set
     * @return the results in the order of {@code pairs}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for a pair
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmap(fn, pairs, 0);
    }

    /**
     * {@code starmap} with chunks of {@code chunksize} pairs.
     *
     * @param <A>   the first elements' type
     * @param <B>   the second elements' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers to each pair's key and value, not {@code null}
     * @param pairs the argument pairs, not {@code null}, e.g. {@code Map.entry(a, b)} or a map's entry set
     * @param chunksize how many pairs travel to a worker together; 0 for Python's default
     * @return the results in the order of {@code pairs}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for a pair
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize) {
        return this.<A, B, R>starmapAsync(fn, pairs, chunksize, null, null).join();
    }

    /**
     * Python's {@code starmap_async}.
     *
     * @param <A>   the first elements' type
     * @param <B>   the second elements' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers to each pair's key and value, not {@code null}
     * @param pairs the argument pairs, not {@code null}, e.g. {@code Map.entry(a, b)} or a map's entry set
     * @param chunksize how many pairs travel to a worker together; 0 for Python's default
     * @param callback      run with the result on a pool thread before waiters wake; null for none
     * @param errorCallback run with the failure instead when the call fails; null for none
     * @return the pending call; {@link AsyncResult#join()} gives the results in the order of {@code pairs}
     */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                      Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                                      int chunksize, Consumer<? super List<R>> callback,
                                                      Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        return jobs.list("starmap()", Tasks.star(fn), Tasks.pairs(pairs), chunksize, null, callback, errorCallback);
    }

    // ------------------------------------------------------------------------------------- imap

    /**
     * Python's {@code imap} with chunks of one task: results in input order, as they arrive.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @return an iterator over the results, which are computed as it is read; close it to cancel the rest
     */
    public <T, R> ImapIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imap(fn, items, 1);
    }

    /**
     * Python's {@code imap} with chunks of {@code chunksize} tasks: results in input order.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @param chunksize how many items travel to a worker together, at least 1
     * @return an iterator over the results, which are computed as it is read; close it to cancel the rest
     */
    public <T, R> ImapIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        return jobs.stream("imap()", true, fn, items, chunksize, 0, 0);
    }

    /**
     * Python's {@code imap_unordered}: results as they finish.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @return an iterator over the results, which are computed as it is read; close it to cancel the rest
     */
    public <T, R> ImapIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imapUnordered(fn, items, 1);
    }

    /**
     * Python's {@code imap_unordered} with chunks of {@code chunksize} tasks: results as they finish.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @param chunksize how many items travel to a worker together, at least 1
     * @return an iterator over the results, which are computed as it is read; close it to cancel the rest
     */
    public <T, R> ImapIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                                int chunksize) {
        return jobs.stream("imapUnordered()", false, fn, items, chunksize, 0, 0);
    }

    /**
     * {@code imap} or {@code imapUnordered} as {@code options} say, with optional bounds on the
     * workers it occupies and on how far it reads ahead of the consumer.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}; each is serialized to a worker
     * @param options order, chunk size, bounds and the call's name, not {@code null}
     * @return an iterator over the results, which are computed as it is read; close it to cancel the rest
     */
    public <T, R> ImapIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                       ImapOptions options) {
        Objects.requireNonNull(options, "options");
        return jobs.stream(options.name(), options.isOrdered(), fn, items, options.chunksize(), options.maxWorkers(),
                options.maxAhead());
    }

    // ------------------------------------------------------------------------------------ apply

    /**
     * Python's {@code apply}: runs {@code fn(arg)} in a worker and waits for the result.
     *
     * @param <T>   the argument's type
     * @param <R>   the result's type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param arg   the argument, serialized to the worker; may be null
     * @return what {@code fn} returned, deserialized here
     * @throws dev.multiproc.RemoteException when {@code fn} threw
     */
    public <T, R> R apply(SerializableFunction<? super T, ? extends R> fn, T arg) {
        return applyAsync(fn, arg).join();
    }

    /**
     * Runs {@code task} in a worker and waits for its result.
     *
     * @param <R>  the result's type
     * @param task what the worker runs, not {@code null}; serialized with what it captures
     * @return what {@code task} returned, deserialized here
     * @throws dev.multiproc.RemoteException when {@code task} threw
     */
    public <R> R apply(SerializableCallable<? extends R> task) {
        return this.<R>applyAsync(task).join();
    }

    /**
     * Python's {@code apply_async}.
     *
     * @param <T>   the argument's type
     * @param <R>   the result's type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param arg   the argument, serialized to the worker; may be null
     * @return the pending call
     */
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> fn, T arg) {
        return applyAsync(fn, arg, null, null);
    }

    /**
     * Python's {@code apply_async} with callbacks, run on a pool thread before waiters wake.
     *
     * @param <T>   the argument's type
     * @param <R>   the result's type
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param arg   the argument, serialized to the worker; may be null
     * @param callback      run with the result on a pool thread before waiters wake; null for none
     * @param errorCallback run with the failure instead when the call fails; null for none
     * @return the pending call
     */
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> fn, T arg,
                                            Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        return jobs.one("apply()", fn, arg, (Consumer<Object>) (Consumer<?>) callback, (Consumer<Throwable>) (Consumer<?>) errorCallback);
    }

    /**
     * As {@link #applyAsync(SerializableFunction, Object, Consumer, Consumer)}, under the name
     * {@code call} in error messages ("task 0 of run { } failed ..."), for APIs built on the pool
     * that name their own calls, as {@link ImapOptions#name} does for {@code imap}.
     *
     * @param <T>   the argument's type
     * @param <R>   the result's type
     * @param call  the call's name in error messages, not {@code null}
     * @param fn    the function applied in the workers, not {@code null}; serialized with what it captures
     * @param arg   the argument, serialized to the worker; may be null
     * @param callback      run with the result on a pool thread before waiters wake; null for none
     * @param errorCallback run with the failure instead when the call fails; null for none
     * @return the pending call
     */
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<R> applyAsync(String call, SerializableFunction<? super T, ? extends R> fn, T arg,
                                            Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fn, "fn");
        return jobs.one(call, fn, arg, (Consumer<Object>) (Consumer<?>) callback, (Consumer<Throwable>) (Consumer<?>) errorCallback);
    }

    /**
     * Runs {@code task} in a worker.
     *
     * @param <R>  the result's type
     * @param task what the worker runs, not {@code null}; serialized with what it captures
     * @return the pending call
     */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> task) {
        Objects.requireNonNull(task, "task");
        return jobs.one("apply()", Tasks.of(task), null, null, null);
    }

    /**
     * Whether this pool is broken: its workers could not be started, or its initializer failed in
     * one, so that every call fails with {@link BrokenPoolException} (what
     * {@code concurrent.futures} calls a broken pool). A broken pool stays broken; close it and
     * build another.
     *
     * <pre>{@code
     * Pool pool = Pool.builder().processes(2).initializer(() -> loadModel()).build();
     * if (pool.isBroken()) { pool.terminate(); pool = rebuild(); }
     * }</pre>
     *
     * @return true once the pool is broken
     */
    public boolean isBroken() {
        return core.isBroken();
    }

    // ---------------------------------------------------------------------------------- closing

    /**
     * Python's {@code close()} then {@code join()}: rejects new work, lets submitted work finish,
     * and returns once every worker has exited. Called by try-with-resources.
     */
    @Override
    public void close() {
        core.close();
        core.awaitTermination(null);
    }

    /** Python's {@code terminate()}: cancels unfinished work and stops the workers now; waits for them to exit. */
    public void terminate() {
        core.terminate();
        core.awaitTermination(null);
    }

    /** Python's {@code join()}: waits for the workers to exit; only after {@link #close()} or {@link #terminate()}. */
    public void join() {
        join(null);
    }

    /**
     * As {@link #join()}, at most {@code timeout}.
     *
     * @param timeout how long to wait at most; {@code null} waits without limit
     * @return true when the workers have exited, false when the time ran out first
     * @throws IllegalStateException before {@link #close()} or {@link #terminate()}
     */
    public boolean join(Duration timeout) {
        if (core.isRunning()) {
            throw new IllegalStateException("join() needs close() or terminate() first");
        }
        return core.awaitTermination(timeout);
    }
}
