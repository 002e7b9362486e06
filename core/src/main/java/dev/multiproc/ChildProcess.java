package dev.multiproc;

import dev.multiproc.ProcessRuntime.Kind;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.spawn.ChildBridge;
import dev.multiproc.internal.spawn.RunRequest;
import dev.multiproc.internal.spawn.SpawnedChild;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A function run in a child JVM: Python's {@code multiprocessing.Process}.
 *
 * <p>Give it a serializable target (a lambda or method reference; arguments are captured or passed
 * to the constructor) or subclass it and override {@link #run()}. {@link #start()} serializes the
 * object and runs it in a fresh child JVM with the same {@code java} and classpath; the caller's
 * {@code main} is never re-run there.
 *
 * <pre>{@code
 * ChildProcess p = new ChildProcess(Demo::greet, "bob");   // static void greet(String name)
 * p.start();
 * p.join();
 * System.out.println(p.exitCode());                        // 0
 * }</pre>
 *
 * <h2>Semantics, as in Python</h2>
 * <ul>
 *   <li>{@link #exitCode()}: null while running, 0, 1 after an uncaught exception (printed on the
 *       child's stderr and available as {@link #exception()}), n after {@code System.exit(n)},
 *       -N when killed by signal N.</li>
 *   <li>{@code daemon}: inherited from the creating process unless set. Daemon children are
 *       terminated when their parent exits; the JVM does not exit before its non-daemon children
 *       have (Python joins them at exit).</li>
 *   <li>No orphans: a child exits at once when its parent dies, even by SIGKILL.</li>
 *   <li>{@link #close()} throws while the process runs; afterwards the object is unusable.</li>
 * </ul>
 * A process object is serializable, so it can be handed to a child (as Python's can be pickled),
 * but only its creator may start, join or signal it.
 */
public class ChildProcess implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    static {
        ChildBridge.install(new Bridge());
    }

    /** What the child runs; null when a subclass overrides {@link #run()}. */
    private final SerializableRunnable target;
    /** Pid of the JVM that created this object: only it may start, join or signal the process. */
    private final long creatorPid;
    /** Position in the process tree, as Python's {@code _identity}: {@code [2]} is the main process's second child. */
    private final int[] identity;
    /** The process's name, by default {@code Process-} and its identity ({@code Process-1:2}). */
    private String name;
    /** The daemon flag, or null when unset and inherited from the creating process. */
    private Boolean daemon;

    /** This JVM's state of the process; not sent with the object. */
    private transient volatile ProcessRuntime runtime;

    /** For subclasses that override {@link #run()}. */
    protected ChildProcess() {
        this((String) null, (SerializableRunnable) null);
    }

    /**
     * A process that runs {@code target}.
     *
     * @param target what the child runs, not {@code null}; it is serialized with everything it captures
     */
    public ChildProcess(SerializableRunnable target) {
        this((String) null, target);
    }

    /**
     * A process named {@code name} that runs {@code target}.
     *
     * @param name   the process's name, as {@link #getName()} returns it; null for {@code Process-} and its
     *               position in the process tree ({@code Process-1}, {@code Process-1:2} for a grandchild)
     * @param target what the child runs; null only for a subclass that overrides {@link #run()}
     */
    public ChildProcess(String name, SerializableRunnable target) {
        JvmProcess jvm = JvmProcess.current();
        this.target = target;
        this.creatorPid = jvm.pid();
        this.identity = jvm.nextChildIdentity();
        this.name = name != null ? name : "Process-" + Arrays.stream(identity)
                .mapToObj(Integer::toString).collect(Collectors.joining(":"));
    }

    /**
     * A process that runs {@code target.accept(arg)}: Python's {@code Process(target=f, args=(arg,))}.
     *
     * @param <T>    the argument's type
     * @param target what the child runs, not {@code null}; it is serialized with everything it captures
     * @param arg    the argument, serialized with the process object (so a copy reaches the child); may be null
     */
    public <T> ChildProcess(SerializableConsumer<T> target, T arg) {
        this((String) null, ProcessTargets.of(target, arg));
    }

    /**
     * A process that runs {@code target.accept(first, second)}.
     *
     * @param <T>    the first argument's type
     * @param <U>    the second argument's type
     * @param target what the child runs, not {@code null}; it is serialized with everything it captures
     * @param first  the first argument, serialized with the process object; may be null
     * @param second the second argument, serialized with the process object; may be null
     */
    public <T, U> ChildProcess(SerializableBiConsumer<T, U> target, T first, U second) {
        this((String) null, ProcessTargets.of(target, first, second));
    }

    /**
     * A process that runs {@code target.accept(first, second, third)}.
     *
     * @param <A>    the first argument's type
     * @param <B>    the second argument's type
     * @param <C>    the third argument's type
     * @param target what the child runs, not {@code null}; it is serialized with everything it captures
     * @param first  the first argument, serialized with the process object; may be null
     * @param second the second argument, serialized with the process object; may be null
     * @param third  the third argument, serialized with the process object; may be null
     */
    public <A, B, C> ChildProcess(SerializableTriConsumer<A, B, C> target, A first, B second, C third) {
        this((String) null, ProcessTargets.of(target, first, second, third));
    }

    /**
     * A process that runs {@code target.accept(args)}, for any number of arguments: Python's
     * {@code Process(target=f, args=(a, b, c, d))}. Arguments of one type stay typed; mixed ones
     * arrive as {@code Object[]}:
     *
     * <pre>{@code
     * new ChildProcess((String[] files) -> index(files), "a.txt", "b.txt", "c.txt", "d.txt").start();
     * new ChildProcess((Object[] a) -> work((String) a[0], (int) a[1], (double) a[2], (long) a[3]),
     *         "job", 4, 0.5, 10L).start();
     * }</pre>
     * The array is copied when the process object is created, so later changes to it do not reach
     * the child.
     *
     * @param <T>    the arguments' common type
     * @param target what the child runs with the arguments as one array, not {@code null}
     * @param args   the arguments, each serializable (or null)
     */
    @SafeVarargs
    public <T> ChildProcess(SerializableConsumer<T[]> target, T... args) {
        this((String) null, ProcessTargets.of(target, args.clone()));
    }

    /** Special instances: this JVM as the main process, or a view of this JVM's parent. */
    ChildProcess(String name, long pid, boolean daemon, Kind kind) {
        this.target = null;
        this.creatorPid = -1;
        this.identity = JvmProcess.current().identity();
        this.name = name;
        this.daemon = daemon;
        this.runtime = new ProcessRuntime(kind, pid);
    }

    /** The process's activity; runs {@code target} unless overridden. Called in the child. */
    public void run() {
        if (target != null) {
            target.run();
        }
    }

    ChildProcess context(MultiprocessingContext context) {
        runtime().context = Objects.requireNonNull(context, "context");
        return this;
    }

    /**
     * Starts the child JVM and runs this object's {@link #run()} there. Returns as soon as the child
     * is launched; {@link #join()} waits for it.
     *
     * @throws SerializationException when the target or what it captures cannot be serialized
     *                                (nothing is spawned)
     * @throws IllegalStateException  when started twice, closed, or not created by this process
     */
    public void start() {
        ProcessRuntime rt = runtime();
        synchronized (rt) {
            checkOpen();
            if (rt.kind != Kind.SPAWNABLE || creatorPid != ProcessHandle.current().pid()) {
                throw new IllegalStateException("can only start a process object created by the current process: " + this);
            }
            if (rt.child != null) {
                throw new IllegalStateException("cannot start a process twice: " + this);
            }
            if (daemon == null) {
                daemon = Multiprocessing.currentProcess().isDaemon();
            }
            byte[] encoded;
            try {
                // a plain process whose target is a lambda of values goes as the lambda alone,
                // which a fresh child decodes without JDK serialization (see LambdaCodec)
                byte[] lambda = getClass() == ChildProcess.class && target != null
                        ? StandardCodec.INSTANCE.encodeLambda(target) : null;
                encoded = lambda != null ? lambda : StandardCodec.INSTANCE.encode(this);
            } catch (SerializationException e) {
                throw new SerializationException("cannot start " + name + ": " + e.getMessage(), e.getCause());
            }
            MultiprocessingContext context = rt.context != null ? rt.context : Multiprocessing.defaultContext();
            ChildProcess parent = Multiprocessing.currentProcess();
            RunRequest request = new RunRequest(encoded, name, identity, daemon, parent.getName(), context.settings());
            SpawnedChild child = context.spawn(name);
            rt.child = child;
            Multiprocessing.register(this);
            child.run(request, !daemon, "multiproc-watch-" + name, outcome -> rt.exited(this, outcome));
        }
    }

    /** Waits until the process exits. */
    public void join() {
        join(null);
    }

    /**
     * Waits at most {@code timeout} (null: without limit) for the process to exit.
     *
     * @param timeout how long to wait at most; {@code null} waits without limit, zero or negative only checks
     * @return true when it has exited (Python returns None; check {@link #exitCode()} there)
     * @throws IllegalStateException before {@link #start()}, or when this process did not create it
     */
    public boolean join(Duration timeout) {
        return checkJoinable().awaitExit(timeout, name);
    }

    private ProcessRuntime checkJoinable() {
        ProcessRuntime rt = runtime();
        checkOpen();
        if (rt.kind == Kind.MAIN || rt.kind == Kind.CURRENT) {
            throw new IllegalStateException("a process cannot join itself: " + this);
        }
        if (rt.kind == Kind.PARENT_VIEW) {
            return rt;
        }
        if (creatorPid != ProcessHandle.current().pid()) {
            throw new IllegalStateException("can only join a child process: " + this);
        }
        if (rt.child == null) {
            throw new IllegalStateException("can only join a started process: " + this);
        }
        return rt;
    }

    /**
     * A future completed with this object when the process exits: Python's {@code sentinel}.
     *
     * @return the future, the same on every call, completed when the process exits (never
     *         exceptionally by the child's failure); cancelling or completing it from outside does
     *         nothing (awaiting it in a coroutine that is cancelled must not make the process look exited)
     * @throws IllegalStateException before {@link #start()} (Python: {@code ValueError: process not
     *                               started}), or when closed
     */
    public CompletableFuture<ChildProcess> onExit() {
        ProcessRuntime rt = runtime();
        checkOpen();
        if (rt.kind == Kind.SPAWNABLE && rt.child == null) {
            throw new IllegalStateException("process not started: " + this);
        }
        return rt.exit;
    }

    /**
     * Tells whether the process runs.
     *
     * @return true from {@link #start()} until the process exits; always true for the current process
     * @throws IllegalStateException when closed
     */
    public boolean isAlive() {
        ProcessRuntime rt = runtime();
        checkOpen();
        return rt.isAlive();
    }

    /**
     * The OS process id.
     *
     * @return the pid, or null before {@link #start()}; it stays known after the process exits
     * @throws IllegalStateException when closed
     */
    public Long pid() {
        ProcessRuntime rt = runtime();
        checkOpen();
        return rt.pid();
    }

    /**
     * Python's {@code ident}: the same as {@link #pid()}.
     *
     * @return the pid, or null before {@link #start()}
     */
    public Long ident() {
        return pid();
    }

    /**
     * How the process ended.
     *
     * @return null while running or not started; otherwise 0, 1 after an uncaught exception, n after
     *         {@code System.exit(n)}, or -N when killed by signal N
     * @throws IllegalStateException when closed
     */
    public Integer exitCode() {
        ProcessRuntime rt = runtime();
        checkOpen();
        return rt.exit.isDone() ? rt.exitCode : null;
    }

    /**
     * The exception that ended the child's {@link #run()}.
     *
     * @return the child's exception with its remote stack trace, or null while running, after a normal
     *         end, {@code System.exit} or a signal
     */
    public RemoteException exception() {
        return runtime().failure;
    }

    /** Sends SIGTERM; the child's JVM runs its shutdown hooks. Exit code -15. No effect once exited. */
    public void terminate() {
        SpawnedChild child = signalable();
        if (child != null) {
            child.terminate();
        }
    }

    /** Sends SIGKILL. Exit code -9. No effect once exited. */
    public void kill() {
        SpawnedChild child = signalable();
        if (child != null) {
            child.kill();
        }
    }

    private SpawnedChild signalable() {
        ProcessRuntime rt = runtime();
        checkOpen();
        if (rt.kind != Kind.SPAWNABLE) {
            throw new IllegalStateException("can only signal a child process: " + this);
        }
        return rt.exit.isDone() ? null : rt.child;
    }

    /**
     * Releases the process object. Throws while the process runs; afterwards every other method
     * throws {@link IllegalStateException}. Closing twice is harmless.
     */
    @Override
    public void close() {
        ProcessRuntime rt = runtime();
        synchronized (rt) {
            if (rt.closed) {
                return;
            }
            if (rt.child != null && !rt.exit.isDone()) {
                throw new IllegalStateException("cannot close a process while it is still running; join() or terminate() it first: "
                        + this);
            }
            rt.closed = true;
        }
    }

    private void checkOpen() {
        if (runtime().closed) {
            throw new IllegalStateException("process object is closed: " + name);
        }
    }

    /**
     * The process's name, for messages and logs; it need not be unique.
     *
     * @return the name given, or {@code Process-} and the process's position in the tree
     */
    public String getName() {
        return name;
    }

    /**
     * Renames the process object; a running child keeps the name it started with.
     *
     * @param name the new name, not {@code null}
     */
    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The daemon flag: a daemon child is terminated when its parent exits.
     *
     * @return the flag set, or, when unset, the creating process's
     */
    public boolean isDaemon() {
        return daemon != null ? daemon : Multiprocessing.currentProcess() != this && Multiprocessing.currentProcess().isDaemon();
    }

    /**
     * Sets the daemon flag; only before {@link #start()}.
     *
     * @param daemon true for a child terminated when its parent exits, false for one the JVM waits for at exit
     * @throws IllegalStateException when the process has already started
     */
    public void setDaemon(boolean daemon) {
        if (runtime().child != null) {
            throw new IllegalStateException("process has already started: " + this);
        }
        this.daemon = daemon;
    }

    @Override
    public String toString() {
        ProcessRuntime rt = runtime();
        StringBuilder s = new StringBuilder("<").append(getClass().getSimpleName()).append(" name='").append(name).append('\'');
        if (rt.closed) {
            return s.append(" closed>").toString();
        }
        Long pid = rt.pid();
        if (pid != null) {
            s.append(" pid=").append(pid);
        }
        s.append(' ').append(rt.state());
        if (Boolean.TRUE.equals(daemon)) {
            s.append(" daemon");
        }
        return s.append('>').toString();
    }

    private ProcessRuntime runtime() {
        ProcessRuntime rt = runtime;
        if (rt == null) {
            synchronized (this) {
                if (runtime == null) {
                    runtime = new ProcessRuntime(Kind.SPAWNABLE, 0);
                }
                rt = runtime;
            }
        }
        if (rt.kind == Kind.PARENT_VIEW) {
            rt.watchParent(this);
        }
        return rt;
    }

    /** The child's copy of a plain process that was sent as its target alone (see {@link #start()}). */
    private ChildProcess(SerializableRunnable target, ChildBridge.Identity child) {
        this.target = target;
        this.creatorPid = child.parentPid();
        this.identity = child.identity();
        this.name = child.name();
        this.daemon = child.daemon();
    }

    static ChildProcess parentView(String name, long pid) {
        return new ChildProcess(name, pid, false, Kind.PARENT_VIEW);
    }

    /** Connects the internal child main to this class without widening the public API. */
    private static final class Bridge implements ChildBridge {
        @Override
        public void runAsCurrent(Object process, Identity identity) throws Throwable {
            ChildProcess p = process instanceof ChildProcess ? (ChildProcess) process
                    : new ChildProcess((SerializableRunnable) process, identity);
            p.runtime = new ProcessRuntime(Kind.CURRENT, ProcessHandle.current().pid());
            p.name = identity.name();
            p.daemon = identity.daemon();
            Multiprocessing.installChild(p, identity);
            p.run();
        }

        @Override
        public void installIdentity(Identity identity) {
            ChildProcess stand = new ChildProcess(identity.name(), ProcessHandle.current().pid(), identity.daemon(), Kind.CURRENT);
            Multiprocessing.installChild(stand, identity);
        }
    }
}
