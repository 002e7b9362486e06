package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.ProcessStartException;
import dev.multiproc.SerializableCallable;
import dev.multiproc.internal.manager.Addresses;
import dev.multiproc.internal.manager.Control;
import dev.multiproc.internal.manager.ListProxy;
import dev.multiproc.internal.manager.MapProxy;
import dev.multiproc.internal.manager.MethodTable;
import dev.multiproc.internal.manager.ProxyRef;
import dev.multiproc.internal.manager.ServerChild;
import dev.multiproc.internal.manager.TypeSpec;
import dev.multiproc.internal.manager.TypedProxy;
import dev.multiproc.internal.manager.served.BuiltinTypes;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * A server process that holds shared objects, and the factory of proxies to them: Python's
 * {@code multiprocessing.Manager()} ({@code SyncManager}) and {@code BaseManager}.
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {                 // a manager child JVM
 *     ManagedDict<String, Integer> counts = manager.dict();
 *     ManagedList<String> log = manager.list();
 *     try (Pool pool = new Pool(2)) {
 *         pool.map(word -> counts.merge(word, 1, Integer::sum), List.of("a", "b", "a"));
 *     }
 *     System.out.println(counts);                           // {a=2, b=1}
 * }                                                         // the manager process exits
 * }</pre>
 *
 * <h2>How it works and why</h2>
 * {@link #start()} spawns a child JVM running the server; the objects live there, and every
 * process that holds a proxy sends each call to the server over an authenticated connection (one
 * per thread and manager, as in Python, so a call that blocks on the server blocks only its
 * thread). Proxies are serializable: passed to a {@link ChildProcess}, a pool task, a queue or
 * another proxy's container, they reach the same object, so a dict stored in a list is still the
 * one dict. Use a manager for structured state shared by processes that share no memory (or
 * machines: see {@link Builder#address}); for counters and flags between local processes the
 * shared-memory types ({@code SharedLong}, {@code ProcessLock}) are hundreds of times faster.
 *
 * <h2>Failure</h2>
 * When the manager process dies or is shut down, every call of every proxy (including one waiting
 * on the server) fails at once with {@link ManagerUnavailableException}, naming the manager.
 * {@link #close()} shuts the server down and may be called twice. A manager started by
 * {@link #start()} never outlives its creator: like every child, it exits when its parent dies.
 *
 * <h2>Differences from Python</h2>
 * <ul>
 *   <li>Typed: {@code dict()} is a {@link java.util.concurrent.ConcurrentMap} whose
 *       {@code compute}/{@code merge} run atomically on the server; {@code namespace()} has typed
 *       reads and bean-style views; registered types are called through their interface.</li>
 *   <li>References are counted per process: an object lives while some process holds a proxy of
 *       it (see {@link #objectCount()}); a proxy sent to another process keeps the object alive
 *       there once received, but only its sender keeps it alive while it travels.</li>
 *   <li>The authkey is never optional, and the HMAC handshake precedes any decoding.</li>
 * </ul>
 */
public final class Manager implements SharedState {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final MethodTable CONTROL = MethodTable.of(Control.class);
    private static final int CREATE = CONTROL.indexOf("create", String.class, Class.class, Object[].class);
    private static final int DESCRIBE = CONTROL.indexOf("describe");
    private static final int SHUTDOWN = CONTROL.indexOf("shutdown");
    private static final int OBJECT_COUNT = CONTROL.indexOf("objectCount");
    private static final int REFERENCES = CONTROL.indexOf("references", long.class);

    private final ProxyRef control;
    private final ChildProcess process;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Manager(String address, byte[] authkey, ChildProcess process) {
        ProxyRef provisional = new ProxyRef(address, "at " + address, 0, "manager", authkey);
        this.process = process;
        this.description = provisional.callUnchecked(DESCRIBE) + " at " + address;
        this.control = new ProxyRef(address, description, 0, "manager", authkey);
    }

    /**
     * Starts a manager child JVM with the built-in types: Python's {@code multiprocessing.Manager()}.
     *
     * @return the running manager; close it to stop its process
     * @throws dev.multiproc.ProcessStartException when the child cannot start or cannot listen
     */
    public static Manager start() {
        return builder().start();
    }

    /**
     * A manager with registered types, a TCP address, an authkey or a name.
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects to a manager started elsewhere (another process tree, another machine): Python's
     * {@code BaseManager(address, authkey).connect()}. {@link #close()} then only closes this
     * process's connections.
     *
     * @param address where the manager listens, as its {@link #address()} reports it, not {@code null}
     * @param authkey the key the manager holds, not {@code null}
     * @return a handle on the remote manager; closing it leaves the manager running
     * @throws dev.multiproc.connection.AuthenticationException when the manager holds another key
     * @throws ManagerUnavailableException                      when nothing answers at {@code address}
     */
    public static Manager connect(SocketAddress address, byte[] authkey) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        return new Manager(Addresses.format(address), authkey.clone(), null);
    }

    // ---- the built-in types (documented by SharedState) ----

    @Override
    public <K, V> ManagedDict<K, V> dict(Map<? extends K, ? extends V> initial) {
        return new MapProxy<>(make(BuiltinTypes.DICT, null, new HashMap<>(initial)));
    }

    @Override
    public <E> ManagedList<E> list(Collection<? extends E> initial) {
        return new ListProxy<>(make(BuiltinTypes.LIST, null, new ArrayList<>(initial)));
    }

    /**
     * A list of fixed size holding {@code elements}: Python's {@code manager.Array(typecode, seq)}.
     *
     * @param <E>      the elements' type
     * @param elements the elements, copied; their number is the list's fixed size
     * @return a proxy: each call runs on the manager's object; the proxy can be sent to other processes; {@code set} works, adding or removing fails
     */
    @SafeVarargs
    public final <E> ManagedList<E> array(E... elements) {
        return new ListProxy<>(make(BuiltinTypes.ARRAY, null, (Object) elements.clone()));
    }

    @Override
    public Namespace namespace() {
        return typed(BuiltinTypes.NAMESPACE, Namespace.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ManagedValue<T> value(T initial) {
        return typed(BuiltinTypes.VALUE, ManagedValue.class, initial);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> BlockingQueue<E> queue(int capacity) {
        return typed(BuiltinTypes.QUEUE, BlockingQueue.class, capacity);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> ManagedJoinableQueue<E> joinableQueue(int capacity) {
        return typed(BuiltinTypes.JOINABLE_QUEUE, ManagedJoinableQueue.class, capacity);
    }

    @Override
    public Lock lock() {
        return typed(BuiltinTypes.LOCK, Lock.class);
    }

    @Override
    public Lock rLock() {
        return typed(BuiltinTypes.RLOCK, Lock.class);
    }

    @Override
    public ManagedSemaphore semaphore(int permits) {
        return typed(BuiltinTypes.SEMAPHORE, ManagedSemaphore.class, permits);
    }

    @Override
    public ManagedSemaphore boundedSemaphore(int permits) {
        return typed(BuiltinTypes.BOUNDED_SEMAPHORE, ManagedSemaphore.class, permits);
    }

    @Override
    public ManagedCondition condition() {
        return typed(BuiltinTypes.CONDITION, ManagedCondition.class);
    }

    @Override
    public ManagedEvent event() {
        return typed(BuiltinTypes.EVENT, ManagedEvent.class);
    }

    @Override
    public ManagedBarrier barrier(int parties) {
        return typed(BuiltinTypes.BARRIER, ManagedBarrier.class, parties);
    }

    private <T> T typed(String typeid, Class<T> type, Object... args) {
        return TypedProxy.of(make(typeid, null, args), type);
    }

    /**
     * A new object of a type registered with {@link Builder#register}, called through
     * {@code type}, a public interface the object implements: Python's {@code manager.Counter()}.
     *
     * @param <T>    the interface the proxy implements
     * @param typeid the name the type was registered under, not {@code null}
     * @param type   a public interface the object implements, not {@code null}; the proxy forwards its methods
     * @return a proxy: each call runs on the manager's object; the proxy can be sent to other processes
     * @throws IllegalArgumentException when the manager serves no such type
     * @throws ClassCastException       when its object does not implement {@code type}
     */
    public <T> T create(String typeid, Class<T> type) {
        Objects.requireNonNull(type, "type");
        MethodTable.of(type);
        return TypedProxy.of(make(typeid, type), type);
    }

    private ProxyRef make(String typeid, Class<?> exposed, Object... args) {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
        long id = (Long) control.callUnchecked(CREATE, typeid, exposed, args);
        return new ProxyRef(control.address(), description, id, typeid, authkeyOrNull()).held();
    }

    private byte[] authkeyOrNull() {
        return control.authkeyOrNull();
    }

    // ---- references ----

    /**
     * How many objects the server holds now: Python's {@code manager._number_of_objects()}. An
     * object is freed when no process holds a proxy of it any more: every proxy of it was
     * collected, or the processes holding them exited.
     *
     * <pre>{@code
     * int before = manager.objectCount();
     * ManagedDict<String, Integer> d = manager.dict();   // before + 1
     * d = null;                                          // once collected: before again
     * }</pre>
     *
     * @return the number of served objects
     * @throws ManagerUnavailableException when the manager is gone
     */
    public int objectCount() {
        return (Integer) control.callUnchecked(OBJECT_COUNT);
    }

    /** How many processes hold a reference to object {@code id} (for tests). */
    int references(long id) {
        return (Integer) control.callUnchecked(REFERENCES, id);
    }

    /** The id of the object behind {@code proxy} (for tests). */
    static long idOf(Object proxy) {
        return refOf(proxy).id();
    }

    private static ProxyRef refOf(Object proxy) {
        if (proxy instanceof MapProxy) {
            return ((MapProxy<?, ?>) proxy).ref();
        }
        if (proxy instanceof ListProxy) {
            return ((ListProxy<?>) proxy).ref();
        }
        ProxyRef ref = TypedProxy.refOf(proxy);
        if (ref == null) {
            throw new IllegalArgumentException(proxy + " is not a proxy of a manager's object");
        }
        return ref;
    }

    // ---- lifecycle ----

    /**
     * The server's address; a TCP one can be given to {@link #connect} elsewhere.
     *
     * @return a {@code UnixDomainSocketAddress} or, when one was asked for, an {@code InetSocketAddress} with its actual port
     */
    public SocketAddress address() {
        return Addresses.parse(control.address());
    }

    /**
     * The pid of the manager's process when this process started it, else null.
     *
     * @return the manager process's pid; null for a manager reached with {@link #connect}
     */
    public Long pid() {
        return process != null ? process.pid() : null;
    }

    /**
     * Shuts the server down (when this process started it) and closes this process's connections to
     * it; then every proxy call fails with {@link ManagerUnavailableException}. Idempotent. For a
     * manager reached by {@link #connect}, only the connections are closed.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (process != null) {
                ManagerLaunch.stop(process, control, SHUTDOWN, address());
                control.forgetReferences();
            }
        } finally {
            control.closeConnections();
        }
    }

    /**
     * Asks the server to stop, whichever process started it (any holder of the authkey may, as in
     * Python): its proxies everywhere then fail with {@link ManagerUnavailableException}. For a
     * manager this process started, {@link #close()} does it and waits for the process to exit.
     *
     * @throws ManagerUnavailableException when the server is already gone
     */
    public void shutdown() {
        control.callUnchecked(SHUTDOWN);
        control.closeConnections();
        control.forgetReferences();
    }

    @Override
    public String toString() {
        return "Manager[" + description + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * Configures a manager: its types, address, authkey and name.
     *
     * <pre>{@code
     * public interface Counter { int increment(); int get(); }
     * public static final class SimpleCounter implements Counter { ... synchronized methods ... }
     *
     * try (Manager manager = Manager.builder().register("Counter", SimpleCounter::new).start()) {
     *     Counter counter = manager.create("Counter", Counter.class);
     *     counter.increment();
     * }
     * }</pre>
     */
    public static final class Builder {
        private final List<TypeSpec> registered = new ArrayList<>();
        private String name;
        private SocketAddress address;
        private byte[] authkey;
        private MultiprocessingContext context;

        private Builder() {
        }

        /**
         * Serves objects made by {@code factory} under {@code typeid} ({@link Manager#create}):
         * Python's {@code BaseManager.register(typeid, callable)}. Calls from different client
         * threads run at once, as in Python: the object must be thread-safe. The factory must be
         * serializable (a lambda or method reference is) and is called on the server for each
         * {@code create}; returning the same object each time shares one object.
         *
         * @param typeid  the name {@link Manager#create} asks for, not {@code null}
         * @param factory makes the served object on the server, not {@code null}
         * @return this builder
         */
        public Builder register(String typeid, SerializableCallable<?> factory) {
            Objects.requireNonNull(typeid, "typeid");
            Objects.requireNonNull(factory, "factory");
            registered.add(new TypeSpec(typeid, args -> {
                try {
                    return factory.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("the factory of '" + typeid + "' failed: " + e, e);
                }
            }, null, false));
            return this;
        }

        /**
         * The manager process's name (default {@code Manager-N}).
         *
         * @param name the name, not {@code null}; it appears in messages and the process's output prefix
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Where the server listens: a TCP address ({@code new InetSocketAddress(host, 0)} picks a
         * port, see {@link Manager#address()}) for managers reached from elsewhere, or a Unix
         * socket path. Default: a fresh Unix socket in the process tree's runtime directory.
         *
         * @param address a {@code UnixDomainSocketAddress} or an {@code InetSocketAddress}, not {@code null}
         * @return this builder
         */
        public Builder address(SocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Starts the manager's process with {@code context}'s JVM options, environment and
         * standby children (default: the default context's settings).
         *
         * @param context the context to start the manager's process with, not {@code null}
         * @return this builder
         */
        public Builder context(MultiprocessingContext context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * The key peers must hold (default: the process tree's key, which every child inherits).
         *
         * @param authkey the key, at least one byte; it is copied
         * @return this builder
         * @throws IllegalArgumentException when {@code authkey} is empty
         */
        public Builder authkey(byte[] authkey) {
            Objects.requireNonNull(authkey, "authkey");
            if (authkey.length == 0) {
                throw new IllegalArgumentException("an authkey must hold at least one byte");
            }
            this.authkey = authkey.clone();
            return this;
        }

        private String nameOrDefault() {
            return name != null ? name : "Manager-" + COUNT.incrementAndGet();
        }

        /**
         * Starts the manager's child JVM and waits until it serves.
         *
         * @throws ProcessStartException when the child cannot start or cannot listen (the cause says
         *                               why, e.g. an address in use)
         * @return the running manager; close it to stop its process
         */
        public Manager start() {
            String processName = nameOrDefault();
            ServerChild.Settings settings = new ServerChild.Settings(processName,
                    address == null ? null : Addresses.format(address), authkey, registered);
            ManagerLaunch.Started started = ManagerLaunch.start(processName, settings, context);
            ChildProcess child = started.child();
            try {
                return new Manager(started.address(), authkey, child);
            } catch (RuntimeException e) {
                child.terminate();
                child.join();
                child.close();
                throw e;
            }
        }

        /**
         * Serves in this JVM until a client shuts it down (or the JVM exits): Python's
         * {@code manager.get_server().serve_forever()}, for a standalone manager reached with
         * {@link Manager#connect}.
         *
         * @param onListening told the bound address once the server listens
         */
        public void serveForever(java.util.function.Consumer<SocketAddress> onListening) {
            String name = nameOrDefault();
            ManagerLaunch.serveForever(address, authkey, name, registered, "m-" + ProcessHandle.current().pid() + "-"
                    + COUNT.incrementAndGet(), onListening);
        }
    }
}
