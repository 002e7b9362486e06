package dev.multiproc.manager;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Lock;

/**
 * What a {@link Manager} makes: dicts, lists, namespaces, values, queues and synchronization
 * objects shared by processes, whatever holds them. A {@link Manager} holds them in its server
 * process; the cluster module's {@code ClusterManager} holds them in a Hazelcast cluster. Code
 * written against this interface runs on both.
 *
 * <pre>{@code
 * static Map<String, Integer> countWords(SharedState state, Pool pool, List<String> words) {
 *     ManagedDict<String, Integer> counts = state.dict();
 *     pool.map(word -> counts.merge(word, 1, Integer::sum), words);   // atomic, from every process
 *     return counts.copy();
 * }
 *
 * try (SharedState state = Manager.start(); Pool pool = new Pool(2)) {
 *     System.out.println(countWords(state, pool, List.of("a", "b", "a")));   // {a=2, b=1}
 * }
 * }</pre>
 *
 * <p>Every object made is a handle that can be sent to another process (a child, a pool task, a
 * cluster task) and reaches the same object there. Closing the state ends every object it made;
 * their handles must not be used after (a {@link Manager}'s then fail at once). An implementation that cannot offer a kind of object honestly throws
 * {@link UnsupportedOperationException} from its factory, saying why, rather than a look-alike
 * with weaker guarantees.
 */
public interface SharedState extends AutoCloseable {

    /**
     * A new empty dict: Python's {@code manager.dict()}.
     *
     * @param <K> the keys' type
     * @param <V> the values' type
     * @return a handle: each call acts on the shared map; it can be sent to other processes
     */
    default <K, V> ManagedDict<K, V> dict() {
        return dict(Map.of());
    }

    /**
     * A new dict holding a copy of {@code initial}.
     *
     * @param <K>     the keys' type
     * @param <V>     the values' type
     * @param initial the entries to start with, not {@code null}; keys and values must be serializable
     * @return a handle: each call acts on the shared map; it can be sent to other processes
     */
    <K, V> ManagedDict<K, V> dict(Map<? extends K, ? extends V> initial);

    /**
     * A new empty list: Python's {@code manager.list()}.
     *
     * @param <E> the elements' type
     * @return a handle: each call acts on the shared list; it can be sent to other processes
     */
    default <E> ManagedList<E> list() {
        return list(java.util.List.of());
    }

    /**
     * A new list holding a copy of {@code initial}.
     *
     * @param <E>     the elements' type
     * @param initial the elements to start with, not {@code null}; each must be serializable
     * @return a handle: each call acts on the shared list; it can be sent to other processes
     */
    <E> ManagedList<E> list(Collection<? extends E> initial);

    /**
     * A new namespace: Python's {@code manager.Namespace()}.
     *
     * @return a handle: each call acts on the shared attributes; it can be sent to other processes
     */
    Namespace namespace();

    /**
     * A value: Python's {@code manager.Value(typecode, value)}.
     *
     * @param <T>     the value's type
     * @param initial the value to start with, serializable; may be null
     * @return a handle: each call acts on the shared value; it can be sent to other processes
     */
    <T> ManagedValue<T> value(T initial);

    /**
     * An unbounded queue: Python's {@code manager.Queue()}.
     *
     * @param <E> the items' type
     * @return a handle: each call acts on the shared queue; it can be sent to other processes
     */
    default <E> BlockingQueue<E> queue() {
        return queue(0);
    }

    /**
     * A queue of at most {@code capacity} items (0: unbounded).
     *
     * @param <E>      the items' type
     * @param capacity the most items the queue holds at once; 0 for no bound
     * @return a handle: each call acts on the shared queue; it can be sent to other processes
     */
    <E> BlockingQueue<E> queue(int capacity);

    /**
     * An unbounded joinable queue: Python's {@code manager.JoinableQueue()}.
     *
     * @param <E> the items' type
     * @return a handle: each call acts on the shared queue; it can be sent to other processes
     */
    default <E> ManagedJoinableQueue<E> joinableQueue() {
        return joinableQueue(0);
    }

    /**
     * A joinable queue of at most {@code capacity} items (0: unbounded).
     *
     * @param <E>      the items' type
     * @param capacity the most items the queue holds at once; 0 for no bound
     * @return a handle: each call acts on the shared queue; it can be sent to other processes
     */
    <E> ManagedJoinableQueue<E> joinableQueue(int capacity);

    /**
     * A lock any thread may release, not reentrant: Python's {@code manager.Lock()}.
     *
     * @return a handle: each call acts on the shared lock; it can be sent to other processes
     */
    Lock lock();

    /**
     * A reentrant lock owned by the calling thread: Python's {@code manager.RLock()}.
     *
     * @return a handle: each call acts on the shared lock; it can be sent to other processes
     */
    Lock rLock();

    /**
     * Python's {@code manager.Semaphore(permits)}.
     *
     * @param permits the initial number of permits, 0 or more
     * @return a handle: each call acts on the shared semaphore; it can be sent to other processes
     */
    ManagedSemaphore semaphore(int permits);

    /**
     * Python's {@code manager.BoundedSemaphore(permits)}: releasing more than acquired fails.
     *
     * @param permits the initial number of permits and the most it may hold, 0 or more
     * @return a handle: each call acts on the shared semaphore; it can be sent to other processes
     */
    ManagedSemaphore boundedSemaphore(int permits);

    /**
     * Python's {@code manager.Condition()}, with its own lock.
     *
     * @return a handle: each call acts on the shared condition; it can be sent to other processes
     */
    ManagedCondition condition();

    /**
     * Python's {@code manager.Event()}; the flag starts clear.
     *
     * @return a handle: each call acts on the shared event; it can be sent to other processes
     */
    ManagedEvent event();

    /**
     * Python's {@code manager.Barrier(parties)}.
     *
     * @param parties how many parties must wait before all pass, at least 1
     * @return a handle: each call acts on the shared barrier; it can be sent to other processes
     */
    ManagedBarrier barrier(int parties);

    /**
     * Ends every object this state made (for a state this process started); their handles must not
     * be used after. Idempotent.
     */
    @Override
    void close();
}
