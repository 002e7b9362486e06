package dev.multiproc.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import dev.multiproc.cluster.internal.ClassChannel;
import dev.multiproc.cluster.internal.ClassServer;
import dev.multiproc.cluster.internal.HazelcastSettings;
import dev.multiproc.cluster.internal.ListRun;
import dev.multiproc.cluster.internal.MachineLocal;
import dev.multiproc.cluster.internal.Scheduler;
import dev.multiproc.cluster.internal.Signer;
import dev.multiproc.cluster.internal.StreamRun;
import dev.multiproc.spi.ValueCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * <p>This program is the driver: it connects to the cluster as a Hazelcast client, cuts each call
 * into chunks as {@code Pool} does, and sends each chunk, signed with the shared authkey, to the
 * idlest member with room (a bounded window of chunks per member). Each member runs the tasks in
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
    private static final Duration CLOSE_SESSIONS = Duration.ofSeconds(10);

    private final HazelcastInstance client;
    private final Scheduler scheduler;
    private final ClassServer classes;
    private final String session = UUID.randomUUID().toString();
    private final String clusterName;
    private final ClusterConfig config;
    private final Signer signer;
    private volatile boolean running = true;

    /**
     * Connects to the cluster.
     *
     * @param config the members, the authkey and the scheduling settings, not {@code null}
     * @throws MultiprocessingException when no member can be reached within the config's connect timeout
     */
    public ClusterPool(ClusterConfig config) {
        Objects.requireNonNull(config, "config");
        this.clusterName = config.clusterName();
        this.config = config;
        try {
            this.client = HazelcastClient.newHazelcastClient(HazelcastSettings.client(config.clusterName(),
                    config.members(), config.connectTimeout().toMillis()));
        } catch (RuntimeException e) {
            throw new MultiprocessingException("cannot connect to cluster " + config.clusterName() + " at "
                    + config.members() + " within " + config.connectTimeout().toMillis() + " ms: " + e, e);
        }
        Signer signer = new Signer(config.authkey());
        this.signer = signer;
        this.classes = new ClassServer(client, signer, session);
        this.scheduler = new Scheduler(client, signer, session, config);
    }

    /** @return the child JVMs of the cluster's members now, the cluster's {@code processes} */
    public int processes() {
        return scheduler.processes();
    }

    /** @return the members in the cluster now */
    public int members() {
        return scheduler.members();
    }

    // ------------------------------------------------------------------------------------- map

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
        return this.<T, R>mapAsync(fn, items, chunksize).join();
    }

    /**
     * Python's {@code map_async}.
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
        Objects.requireNonNull(fn, "fn");
        return listCall("map()", fn, items, chunksize);
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
        return this.<A, B, R>starmapAsync(fn, pairs, 0, null, null).join();
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
        ClusterResult<List<R>> result = listCall("starmap()", Adapters.star(fn), arrays, chunksize);
        result.whenDone(callback, errorCallback);
        return result;
    }

    private <R> ClusterResult<R> listCall(String call, Object fn, Iterable<?> items, int chunksize) {
        Objects.requireNonNull(items, "items");
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize < 0: " + chunksize);
        }
        Collection<?> all = items instanceof Collection ? (Collection<?>) items : materialize(items);
        if (chunksize == 0) {
            chunksize = Math.max(1, (int) Math.ceil(all.size() / (4.0 * Math.max(1, processes()))));
        }
        ListRun run = new ListRun(call, encode(fn), all.iterator(), all.size(), chunksize, false);
        return start(call, run, run.outcome());
    }

    private static List<Object> materialize(Iterable<?> items) {
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    // ------------------------------------------------------------------------------------ imap

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
        return stream("imap()", true, fn, items, chunksize);
    }

    /**
     * Python's {@code imap} with chunks of one task.
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
        return stream("imapUnordered()", false, fn, items, chunksize);
    }

    private <R> ClusterImapIterator<R> stream(String call, boolean ordered, Object fn, Iterable<?> items, int chunksize) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize < 1: " + chunksize);
        }
        long ahead = Math.max(4L * Math.max(1, processes()) * chunksize, 1024);
        StreamRun run = new StreamRun(call, encode(fn), items.iterator(), chunksize, ordered, ahead, scheduler::pump);
        checkRunning();
        scheduler.submit(run);
        return new ClusterImapIterator<>(run, () -> scheduler.cancel(run));
    }

    // ----------------------------------------------------------------------------------- apply

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
        Objects.requireNonNull(fn, "fn");
        return one("apply()", fn, arg);
    }

    /**
     * Python's {@code apply_async} with callbacks, run on a thread of the connection when the call
     * ends, before waiters wake (keep them short: answers wait meanwhile); under the name {@code call} in error messages ("task 0 of run { }
     * failed ..."), for APIs built on the pool that name their own calls, as
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
        ClusterResult<R> result = one(call, fn, arg);
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
        ClusterResult<R> result = one(call, Adapters.call(task), null);
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
        Objects.requireNonNull(task, "task");
        return one("apply()", Adapters.call(task), null);
    }

    private <R> ClusterResult<R> one(String call, Object fn, Object arg) {
        List<Object> single = new ArrayList<>(1);
        single.add(arg);
        ListRun run = new ListRun(call, encode(fn), single.iterator(), 1, 1, true);
        return start(call, run, run.outcome());
    }

    private <R> ClusterResult<R> start(String call, ListRun run, CompletableFuture<Object> outcome) {
        checkRunning();
        scheduler.submit(run);
        return new ClusterResult<>(call, outcome, () -> scheduler.cancel(run));
    }

    // ------------------------------------------------------------------------------ primitives

    /**
     * A queue shared with the tasks on the members.
     *
     * @param <T>  the items' type
     * @param name the queue's name in the cluster; the same name is the same queue
     * @return a handle, usable here and captured in tasks
     */
    public <T> ClusterQueue<T> queue(String name) {
        return new ClusterQueue<>(config, name, client, signer);
    }

    /**
     * A lock shared with the tasks on the members.
     *
     * @param name  the lock's name in the cluster
     * @param lease the longest a holder keeps it (a holder that dies releases it then)
     * @return a handle, usable here and captured in tasks
     */
    public ClusterLock lock(String name, Duration lease) {
        return new ClusterLock(config, name, lease, client);
    }

    /**
     * A counter shared with the tasks on the members.
     *
     * @param name the counter's name in the cluster
     * @return a handle, usable here and captured in tasks
     */
    public ClusterCounter counter(String name) {
        return new ClusterCounter(config, name, client, signer);
    }

    /**
     * An event shared with the tasks on the members.
     *
     * @param name the event's name in the cluster
     * @return a handle, usable here and captured in tasks
     */
    public ClusterEvent event(String name) {
        return new ClusterEvent(config, name, client, signer);
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

    /** The encoded function; its class loader is remembered, to serve its classes to the members. */
    private byte[] encode(Object fn) {
        classes.remember(fn.getClass().getClassLoader());
        byte[] lambda = ValueCodec.encodeLambda(fn);
        if (lambda != null) {
            return lambda;
        }
        byte[] encoded = ValueCodec.encode(fn);
        MachineLocal.check(encoded, "the function " + fn.getClass().getName());
        return encoded;
    }

    private void checkRunning() {
        if (!running) {
            throw new IllegalStateException("the cluster pool of " + clusterName + " is closed");
        }
    }

    boolean isRunning() {
        return running;
    }

    /**
     * Waits until every call submitted has finished, at most {@code timeout}.
     *
     * @param timeout how long to wait at most, not {@code null}
     * @return whether every call has finished
     */
    public boolean awaitIdle(Duration timeout) {
        try {
            return scheduler.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Python's {@code close()} then {@code join()}: no new calls, those submitted finish, then the
     * members close this pool's session (their child JVMs for it exit) and the connection is closed.
     */
    @Override
    public void close() {
        shutdown(false);
    }

    /** Python's {@code terminate()}: cancels unfinished calls (killing their tasks on the members) and closes. */
    public void terminate() {
        shutdown(true);
    }

    private synchronized void shutdown(boolean cancel) {
        if (!running) {
            return;
        }
        running = false;
        scheduler.shutdown(cancel);
        if (!cancel) {
            while (!awaitIdle(Duration.ofSeconds(1)) && !Thread.currentThread().isInterrupted()) {
                // close() waits for the work submitted, as Pool.close() does
            }
        } else {
            awaitIdle(CLOSE_SESSIONS); // the cancelled chunks answer once their members have killed them
        }
        scheduler.closeSessions(CLOSE_SESSIONS);
        classes.close();
        try {
            client.getMap(ClassChannel.answers(session)).destroy();
            client.getQueue(ClassChannel.requests(session)).destroy();
        } catch (RuntimeException clusterGone) {
            // nothing to clean up there
        }
        client.shutdown();
    }
}
