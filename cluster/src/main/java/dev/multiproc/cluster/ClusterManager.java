package dev.multiproc.cluster;

import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.cluster.internal.Clients;
import dev.multiproc.cluster.internal.Signer;
import dev.multiproc.manager.ManagedBarrier;
import dev.multiproc.manager.ManagedCondition;
import dev.multiproc.manager.ManagedDict;
import dev.multiproc.manager.ManagedEvent;
import dev.multiproc.manager.ManagedJoinableQueue;
import dev.multiproc.manager.ManagedList;
import dev.multiproc.manager.ManagedSemaphore;
import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.Namespace;
import dev.multiproc.manager.SharedState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * {@link dev.multiproc.manager.Manager}'s shared objects held by a cluster: {@code dict()} is a
 * Hazelcast map, {@code list()} a Hazelcast list, {@code queue()} a Hazelcast queue, and so on,
 * behind the same interfaces ({@link SharedState}), so code written for a local manager runs on
 * the cluster unchanged. Every object is a handle that can be captured by a {@link ClusterPool}
 * task: on a member it re-attaches by name.
 *
 * <pre>{@code
 * try (ClusterManager state = new ClusterManager(config);
 *      ClusterPool pool = new ClusterPool(config)) {
 *     ManagedDict<String, Integer> counts = state.dict();
 *     pool.map(word -> counts.merge(word, 1, Integer::sum), List.of("a", "b", "a"));
 *     System.out.println(counts.copy());                // {a=2, b=1}
 * }                                                     // the map is destroyed
 * }</pre>
 *
 * <h2>How it works and why</h2>
 * Keys are stored encoded, values and items behind an HMAC of the authkey and of their place
 * (structure and key), which every reader checks before decoding: the members store bytes and
 * never decode user data, as for the pool's envelopes. So {@code compute} and {@code merge} apply
 * their function in the caller and write back with the engine's compare-and-set, trying again on
 * a conflict: atomic, but the function may run more than once. Semaphores and {@code lock()} are
 * counts changed by entry processors on the member owning them, as is a joinable queue's count of
 * unfinished items; {@code rLock()} is the engine's
 * map lock. Each object has a name of its own (the manager's id, its kind and number) and is
 * destroyed by {@link #close()}.
 *
 * <h2>What differs from a local manager</h2>
 * <ul>
 *   <li>Keys are equal when their encodings are: true for strings, numbers, records and enums of
 *       the JDK's value types; a key type whose equal instances encode differently (a
 *       {@code HashSet} in another order) is not a good key here.</li>
 *   <li>A list's {@code sort}, {@code removeIf} and {@code replaceAll} are not atomic against
 *       other writers; a namespace's {@code toMap()} is ordered by name.</li>
 *   <li>{@link #condition()} and {@link #barrier(int)} fail at once: see each for why.</li>
 *   <li>After {@link #close()} the handles must not be used: the driver's fail, but a task's
 *       would see an empty object the engine makes anew.</li>
 * </ul>
 */
public final class ClusterManager implements SharedState {
    /** Why no condition is offered; also said by the locks' {@code newCondition()}. */
    static final String NO_CONDITION = "the engine's locks have no condition variable that processes on other members"
            + " can wait on (Hazelcast's ICondition needs the CP subsystem); use event() or a queue to signal";

    private final ClusterConfig config;
    private final HazelcastInstance client;
    private final Signer signer;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger made = new AtomicInteger();
    private final List<Runnable> endings = new ArrayList<>();
    private boolean closed;

    /**
     * Connects to the cluster.
     *
     * @param config the members and the authkey, not {@code null}
     * @throws MultiprocessingException when no member can be reached within the config's connect timeout
     */
    public ClusterManager(ClusterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = config.connectClient();
        this.signer = new Signer(config.authkey());
        // a handle read back here (a dict stored in a list) re-attaches through this connection
        Clients.adopt(config.clusterName(), client, config.authkey());
    }

    /** A new object's link, named {@code multiproc.manager.<this manager's id>.<kind>-<n>}: no other manager's. */
    private synchronized ClusterLink link(String kind) {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        return new ClusterLink(config, "multiproc.manager." + id + "." + kind + "-" + made.incrementAndGet(), client, signer);
    }

    /** Destroys {@code object} when this manager closes. */
    private synchronized void onClose(DistributedObject object) {
        endings.add(object::destroy);
    }

    @Override
    public <K, V> ManagedDict<K, V> dict(Map<? extends K, ? extends V> initial) {
        ClusterLink link = link("dict");
        ClusterDict<K, V> dict = new ClusterDict<>(link);
        onClose(dict.map());
        dict.putAll(initial);
        return dict;
    }

    @Override
    public <E> ManagedList<E> list(Collection<? extends E> initial) {
        ClusterList<E> list = new ClusterList<>(link("list"));
        onClose(list.list());
        list.addAll(initial);
        return list;
    }

    @Override
    public Namespace namespace() {
        ClusterDict<String, Object> attributes = new ClusterDict<>(link("namespace"));
        onClose(attributes.map());
        return new ClusterNamespace(attributes);
    }

    @Override
    public <T> ManagedValue<T> value(T initial) {
        ClusterDict<String, T> holder = new ClusterDict<>(link("value"));
        onClose(holder.map());
        ClusterValue<T> value = new ClusterValue<>(holder);
        value.set(initial);
        return value;
    }

    @Override
    public <E> BlockingQueue<E> queue(int capacity) {
        ClusterBlockingQueue<E> queue = new ClusterBlockingQueue<>(queueLink(capacity));
        onClose(queue.queue());
        return queue;
    }

    private ClusterLink queueLink(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a queue's capacity < 0: " + capacity);
        }
        ClusterLink link = link("queue");
        if (capacity > 0) {
            // the engine bounds a queue by its configuration, added to the cluster before first use
            client.getConfig().addQueueConfig(new QueueConfig(link.name()).setMaxSize(capacity));
        }
        return link;
    }

    @Override
    public <E> ManagedJoinableQueue<E> joinableQueue(int capacity) {
        ClusterLink link = queueLink(capacity);
        ClusterJoinableQueue<E> queue = new ClusterJoinableQueue<>(link);
        onClose(queue.queue());
        onClose(queue.counts());
        return queue;
    }

    @Override
    public Lock lock() {
        return new ClusterMutex(newSemaphore(1, 1));
    }

    @Override
    public Lock rLock() {
        ClusterLink link = link("rlock");
        onClose(link.cluster().getMap(link.name()));
        return new ClusterRLock(link);
    }

    @Override
    public ManagedSemaphore semaphore(int permits) {
        return newSemaphore(permits, 0);
    }

    @Override
    public ManagedSemaphore boundedSemaphore(int permits) {
        return newSemaphore(permits, Math.max(permits, 1));
    }

    private ClusterSemaphore newSemaphore(int permits, int bound) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore's permits < 0: " + permits);
        }
        ClusterLink link = link("semaphore");
        onClose(link.cluster().getMap(link.name()));
        ClusterSemaphore semaphore = new ClusterSemaphore(link, bound);
        semaphore.init(permits);
        return semaphore;
    }

    /**
     * Not on the cluster.
     *
     * @throws UnsupportedOperationException always, saying why
     */
    @Override
    public ManagedCondition condition() {
        throw new UnsupportedOperationException("a condition is not offered on the cluster: " + NO_CONDITION);
    }

    @Override
    public ManagedEvent event() {
        ClusterLink link = link("event");
        ClusterEvent event = new ClusterEvent(config, link.name(), client, signer);
        synchronized (this) {
            endings.add(event::clear);
        }
        return new ClusterManagedEvent(event);
    }

    /**
     * Not on the cluster.
     *
     * @throws UnsupportedOperationException always: a barrier's round must be released as a whole when a
     *                                       party times out or a member dies, which needs the CP subsystem
     */
    @Override
    public ManagedBarrier barrier(int parties) {
        throw new UnsupportedOperationException("a barrier is not offered on the cluster: breaking a round for every"
                + " party when one times out or its member dies needs a consensus the engine's maps do not give;"
                + " use a local Manager, or a value() count and an event()");
    }

    /**
     * How many objects this manager made and has not yet destroyed.
     *
     * @return the count; 0 after {@link #close()}
     */
    public synchronized int objectCount() {
        return closed ? 0 : endings.size();
    }

    /** Destroys every object this manager made and disconnects. Idempotent. */
    @Override
    public void close() {
        List<Runnable> toEnd;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toEnd = new ArrayList<>(endings);
            endings.clear();
        }
        try {
            for (Runnable end : toEnd) {
                try {
                    end.run();
                } catch (RuntimeException clusterGone) {
                    // nothing left to destroy there
                }
            }
        } finally {
            Clients.release(config.clusterName(), client);
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "ClusterManager[" + id + " on " + config.clusterName() + "]";
    }
}
