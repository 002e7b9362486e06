package dev.multiproc.cluster;

import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import dev.multiproc.pool.ImapOptions;
import dev.multiproc.pool.ProgressListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * {@link dev.multiproc.pool.Pool}'s calls on a cluster of {@link Member}s: the one-line change
 * from one machine to many.
 *
 * <pre>{@code
 * // was: try (Pool pool = new Pool(4))
 * try (ClusterPool pool = new ClusterPool(ClusterConfig.builder().clusterName("wordfreq")
 *         .members("10.0.0.1", "10.0.0.2").authkeyFile(Path.of("authkey")).build())) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));   // [1, 4, 9]
 * }
 * }</pre>
 *
 * <p>This program is the driver: it connects to the cluster as a Hazelcast client (a session of its
 * own on the members), cuts each call into chunks as {@code Pool} does, and sends each chunk,
 * signed with the shared authkey, to the idlest member with room (a bounded window of chunks per
 * member). Each member runs the tasks in
 * its own child JVMs, so a timeout or a cancel kills a task for real. Classes the members lack
 * (yours) are fetched from this program as they are needed.
 *
 * <h2>What differs from a local pool</h2>
 * <ul>
 *   <li>A member that leaves (killed, crashed, cut off) has its chunks run again elsewhere, at most
 *       {@link ClusterConfig#retries} times; a task may thus run more than once, so tasks should be
 *       idempotent. Its result is delivered once. With {@link OnMemberLost#FAIL} those tasks fail
 *       with {@link MemberLostException} instead.</li>
 *   <li>Static state, files and {@code SharedMemory} are per machine; results and arguments travel
 *       over the network.</li>
 * </ul>
 */
public final class ClusterPool implements AutoCloseable {
    private final ClusterSession session;

    /**
     * Connects to the cluster.
     *
     * @param config the members, the authkey and the scheduling settings, not {@code null}
     * @throws dev.multiproc.MultiprocessingException when no member can be reached within the config's connect timeout
     */
    public ClusterPool(ClusterConfig config) {
        this.session = new ClusterSession(config);
    }

    /** @return the child JVMs of the cluster's members now, the cluster's {@code processes} */
    public int processes() {
        return session.processes();
    }

    /** @return the members in the cluster now */
    public int members() {
        return session.members();
    }


    /**
     * Python's {@code map}: {@code fn} applied to every item on the cluster, results in input order.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}
     * @return the results in the order of {@code items}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for an item, the original as its cause
     */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map(fn, items, 0);
    }

    /**
     * {@code map} with chunks of {@code chunksize} tasks (0: {@code ceil(n / (4 * processes()))}, as locally).
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}
     * @param chunksize how many items travel to a member together; 0 for the default
     * @return the results in the order of {@code items}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for an item, the original as its cause
     */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        return map(fn, items, chunksize, null);
    }

    /**
     * {@code map} reporting progress to {@code progress}, as {@code Pool}'s does.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}
     * @param chunksize how many items travel to a member together; 0 for the default
     * @param progress told how many items are done after each chunk answered, on a thread of the connection; null for none
     * @return the results in the order of {@code items}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for an item, the original as its cause
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
     * @param fn    the function, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}
     * @return the pending call; {@link ClusterResult#join()} gives the results in the order of {@code items}
     */
    public <T, R> ClusterResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return mapAsync(fn, items, 0);
    }

    /**
     * Python's {@code map_async} with a chunk size.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}
     * @param chunksize how many items travel to a member together; 0 for the default
     * @return the pending call
     */
    public <T, R> ClusterResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn,
                                                  Iterable<? extends T> items, int chunksize) {
        return mapAsync(fn, items, chunksize, null, null, null);
    }

    /**
     * Python's {@code map_async} with progress and callbacks, run on a thread of the connection
     * (the callbacks when the call ends, before waiters wake; keep them short: answers wait meanwhile).
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}; serialized with what it captures
     * @param items the inputs, not {@code null}
     * @param chunksize how many items travel to a member together; 0 for the default
     * @param progress      told how many items are done after each chunk answered; null for none
     * @param callback      run with the results; null for none
     * @param errorCallback run with the failure instead when the call fails or is cancelled; null for none
     * @return the pending call; {@link ClusterResult#join()} gives the results in the order of {@code items}
     */
    public <T, R> ClusterResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn,
                                                  Iterable<? extends T> items, int chunksize, ProgressListener progress,
                                                  Consumer<? super List<R>> callback,
                                                  Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        ClusterResult<List<R>> result = session.list("map()", fn, items, chunksize, progress);
        result.whenDone(callback, errorCallback);
        return result;
    }

    /**
     * Python's {@code starmap}: {@code fn(a, b)} for every pair.
     *
     * @param <A>   the first elements' type
     * @param <B>   the second elements' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param pairs the argument pairs, not {@code null}, e.g. {@code Map.entry(a, b)}
     * @return the results in the order of {@code pairs}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for a pair
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmap(fn, pairs, 0);
    }

    /**
     * Python's {@code starmap} with a chunk size.
     *
     * @param <A>   the first elements' type
     * @param <B>   the second elements' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param pairs the argument pairs, not {@code null}, e.g. {@code Map.entry(a, b)}
     * @param chunksize how many pairs travel to a member together; 0 for the default
     * @return the results in the order of {@code pairs}
     * @throws dev.multiproc.RemoteException when {@code fn} threw for a pair
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize) {
        return this.<A, B, R>starmapAsync(fn, pairs, chunksize, null, null).join();
    }

    /**
     * Python's {@code starmap_async}, with callbacks run on a thread of the connection when the
     * call ends, before waiters wake (keep them short: answers wait meanwhile).
     *
     * @param <A>   the first elements' type
     * @param <B>   the second elements' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param pairs the argument pairs, not {@code null}, e.g. {@code Map.entry(a, b)}
     * @param chunksize how many pairs travel to a member together; 0 for the default
     * @param callback      run with the results; null for none
     * @param errorCallback run with the failure instead when the call fails or is cancelled; null for none
     * @return the pending call; {@link ClusterResult#join()} gives the results in the order of {@code pairs}
     */
    public <A, B, R> ClusterResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> fn,
                                                         Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                                         int chunksize, Consumer<? super List<R>> callback,
                                                         Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(pairs, "pairs");
        List<Object[]> arrays = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> pair : pairs) {
            arrays.add(new Object[] {pair.getKey(), pair.getValue()});
        }
        ClusterResult<List<R>> result = session.list("starmap()", Adapters.star(fn), arrays, chunksize, null);
        result.whenDone(callback, errorCallback);
        return result;
    }


    /**
     * Python's {@code imap} with chunks of one task: results in input order, computed as they are read.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param items the inputs, not {@code null}; read as the results are
     * @return the results; close it to stop the call
     */
    public <T, R> ClusterImapIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imap(fn, items, 1);
    }

    /**
     * Python's {@code imap}: results in input order, computed as they are read.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param items the inputs, not {@code null}; read as the results are
     * @param chunksize how many items travel to a member together, at least 1
     * @return the results; close it to stop the call
     */
    public <T, R> ClusterImapIterator<R> imap(SerializableFunction<? super T, ? extends R> fn,
                                              Iterable<? extends T> items, int chunksize) {
        return imap(fn, items, ImapOptions.ordered().chunksize(chunksize));
    }

    /**
     * Python's {@code imap_unordered} with chunks of one task: results as they finish.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param items the inputs, not {@code null}; read as the results are
     * @return the results; close it to stop the call
     */
    public <T, R> ClusterImapIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn,
                                                       Iterable<? extends T> items) {
        return imapUnordered(fn, items, 1);
    }

    /**
     * Python's {@code imap_unordered}: results as they finish.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param items the inputs, not {@code null}; read as the results are
     * @param chunksize how many items travel to a member together, at least 1
     * @return the results; close it to stop the call
     */
    public <T, R> ClusterImapIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn,
                                                       Iterable<? extends T> items, int chunksize) {
        return imap(fn, items, ImapOptions.unordered().chunksize(chunksize));
    }

    /**
     * {@code imap} or {@code imapUnordered} as {@code options} say, as {@code Pool}'s: at most
     * {@link ImapOptions#maxWorkers} chunks of this call run at once on the whole cluster, and at
     * most {@link ImapOptions#maxAhead} chunks are read past what the consumer has taken.
     *
     * @param <T>   the items' type
     * @param <R>   the results' type
     * @param fn    the function, not {@code null}
     * @param items the inputs, not {@code null}; read as the results are
     * @param options order, chunk size, bounds and the call's name, not {@code null}
     * @return the results; close it to stop the call
     */
    public <T, R> ClusterImapIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                              ImapOptions options) {
        Objects.requireNonNull(options, "options");
        return session.stream(options.name(), options.isOrdered(), fn, items, options.chunksize(), options.maxWorkers(),
                options.maxAhead());
    }


    /**
     * Python's {@code apply}: {@code fn(arg)} on a member, waiting for the result.
     *
     * @param <T> the argument's type
     * @param <R> the result's type
     * @param fn  the function, not {@code null}
     * @param arg the argument; may be null
     * @return what {@code fn} returned
     * @throws dev.multiproc.RemoteException when {@code fn} threw
     */
    public <T, R> R apply(SerializableFunction<? super T, ? extends R> fn, T arg) {
        return this.<T, R>applyAsync(fn, arg).join();
    }

    /**
     * Runs {@code task} on a member and waits for its result.
     *
     * @param <R>  the result's type
     * @param task what runs, not {@code null}
     * @return what it returned
     * @throws dev.multiproc.RemoteException when it threw
     */
    public <R> R apply(SerializableCallable<? extends R> task) {
        return this.<R>applyAsync(task).join();
    }

    /**
     * Python's {@code apply_async}.
     *
     * @param <T> the argument's type
     * @param <R> the result's type
     * @param fn  the function, not {@code null}
     * @param arg the argument; may be null
     * @return the pending call
     */
    public <T, R> ClusterResult<R> applyAsync(SerializableFunction<? super T, ? extends R> fn, T arg) {
        return applyAsync(fn, arg, null, null);
    }

    /**
     * Python's {@code apply_async} with callbacks, run on a thread of the connection when the call
     * ends, before waiters wake (keep them short: answers wait meanwhile).
     *
     * @param <T> the argument's type
     * @param <R> the result's type
     * @param fn  the function, not {@code null}
     * @param arg the argument; may be null
     * @param callback      run with the result; null for none
     * @param errorCallback run with the failure instead when the call fails or is cancelled; null for none
     * @return the pending call
     */
    public <T, R> ClusterResult<R> applyAsync(SerializableFunction<? super T, ? extends R> fn, T arg,
                                              Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return applyAsync("apply()", fn, arg, callback, errorCallback);
    }

    /**
     * As {@link #applyAsync(SerializableFunction, Object, Consumer, Consumer)}, under the name
     * {@code call} in error messages ("task 0 of run { } failed ..."), for APIs built on the pool
     * that name their own calls, as
     * {@link dev.multiproc.pool.Pool#applyAsync(String, SerializableFunction, Object, Consumer, Consumer)} does.
     *
     * @param <T> the argument's type
     * @param <R> the result's type
     * @param call the call's name in error messages, not {@code null}
     * @param fn  the function, not {@code null}
     * @param arg the argument; may be null
     * @param callback      run with the result; null for none
     * @param errorCallback run with the failure instead when the call fails or is cancelled; null for none
     * @return the pending call
     */
    public <T, R> ClusterResult<R> applyAsync(String call, SerializableFunction<? super T, ? extends R> fn, T arg,
                                              Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fn, "fn");
        ClusterResult<R> result = session.one(call, fn, arg);
        result.whenDone(callback, errorCallback);
        return result;
    }

    /**
     * Runs {@code task} on a member, with callbacks and under the name {@code call} in error
     * messages, as {@link #applyAsync(String, SerializableFunction, Object, Consumer, Consumer)}.
     *
     * @param <R>  the result's type
     * @param call the call's name in error messages, not {@code null}
     * @param task what runs, not {@code null}
     * @param callback      run with the result; null for none
     * @param errorCallback run with the failure instead when the call fails or is cancelled; null for none
     * @return the pending call
     */
    public <R> ClusterResult<R> applyAsync(String call, SerializableCallable<? extends R> task,
                                           Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(task, "task");
        ClusterResult<R> result = session.one(call, Adapters.call(task), null);
        result.whenDone(callback, errorCallback);
        return result;
    }

    /**
     * Runs {@code task} on a member.
     *
     * @param <R>  the result's type
     * @param task what runs, not {@code null}
     * @return the pending call
     */
    public <R> ClusterResult<R> applyAsync(SerializableCallable<? extends R> task) {
        return applyAsync("apply()", task, null, null);
    }


    /**
     * A queue shared with the tasks on the members.
     *
     * @param <T>  the items' type
     * @param name the queue's name in the cluster; the same name is the same queue
     * @return a handle, usable here and captured in tasks
     */
    public <T> ClusterQueue<T> queue(String name) {
        return new ClusterQueue<>(session.config, name, session.client, session.signer);
    }

    /**
     * A lock shared with the tasks on the members.
     *
     * @param name  the lock's name in the cluster
     * @param lease the longest a holder keeps it (a holder that dies releases it then)
     * @return a handle, usable here and captured in tasks
     */
    public ClusterLock lock(String name, Duration lease) {
        return new ClusterLock(session.config, name, lease, session.client);
    }

    /**
     * A counter shared with the tasks on the members.
     *
     * @param name the counter's name in the cluster
     * @return a handle, usable here and captured in tasks
     */
    public ClusterCounter counter(String name) {
        return new ClusterCounter(session.config, name, session.client, session.signer);
    }

    /**
     * An event shared with the tasks on the members.
     *
     * @param name the event's name in the cluster
     * @return a handle, usable here and captured in tasks
     */
    public ClusterEvent event(String name) {
        return new ClusterEvent(session.config, name, session.client, session.signer);
    }

    /**
     * This pool as an {@link ExecutorService}: each task ({@link java.io.Serializable}, e.g. a
     * {@link SerializableCallable}) runs on a member. Shutting it down closes this pool.
     *
     * @return a view of this pool
     */
    public ExecutorService asExecutorService() {
        return new ClusterExecutorService(this);
    }


    boolean isRunning() {
        return session.isRunning();
    }

    /**
     * Waits until every call submitted has finished, at most {@code timeout}.
     *
     * @param timeout how long to wait at most, not {@code null}
     * @return whether every call has finished
     */
    public boolean awaitIdle(Duration timeout) {
        return session.awaitIdle(timeout);
    }

    /**
     * Python's {@code close()} then {@code join()}: no new calls, those submitted finish, then the
     * members close this pool's session (their child JVMs for it exit) and the connection is closed.
     */
    @Override
    public void close() {
        session.shutdown(false);
    }

    /** Python's {@code terminate()}: cancels unfinished calls (killing their tasks on the members) and closes. */
    public void terminate() {
        session.shutdown(true);
    }
}
