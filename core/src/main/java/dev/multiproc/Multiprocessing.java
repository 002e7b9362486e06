package dev.multiproc;

import dev.multiproc.internal.runtime.ExitSignals;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.spawn.ChildBridge;
import dev.multiproc.internal.warmup.TransportTraining;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Module-level functions of Python's {@code multiprocessing}: {@link #currentProcess()},
 * {@link #parentProcess()}, {@link #activeChildren()}, {@link #cpuCount()}, and the default
 * {@link MultiprocessingContext}.
 *
 * <pre>{@code
 * System.out.println(Multiprocessing.currentProcess().getName());   // MainProcess
 * System.out.println(Multiprocessing.cpuCount());                   // honours container limits
 * }</pre>
 */
public final class Multiprocessing {
    /** How long daemon children get to exit after SIGTERM when their parent exits. */
    private static final Duration DAEMON_GRACE = Duration.ofSeconds(1);
    /**
     * How long non-daemon children get to exit after SIGTERM when their parent was stopped by a
     * signal: long enough for their own shutdown hooks, short enough for a service manager's stop
     * timeout (systemd's default is 90 s, Kubernetes' 30 s).
     */
    private static final Duration SIGNALLED_GRACE = Duration.ofSeconds(5);

    private static final Set<ChildProcess> CHILDREN = ConcurrentHashMap.newKeySet();
    private static volatile ChildProcess current;
    private static volatile ChildProcess parent;
    private static volatile MultiprocessingContext defaultContext;

    static {
        JvmProcess.current().atExit(Multiprocessing::atExit);
    }

    private Multiprocessing() {
    }

    /**
     * Runs this library's connections and queues within this JVM until the JIT has compiled them,
     * as a trained standby child does before it reports ready
     * ({@link MultiprocessingContext.Builder#trainStandby}). Takes 3-4 s of CPU on two cores
     * (1.5-2.5 s of wall time, at most 6 s); safe to call at any time (it uses a pipe and a queue
     * of its own), and a failure only ends it early.
     *
     * <pre>{@code
     * Multiprocessing.warmUpTransport();   // at start-up, before the first burst of messages
     * }</pre>
     *
     * @return the number of training rounds run
     * @deprecated JIT training is tuned to one compiler (C2 on JDK 17) and one kind of machine,
     *     and spends seconds of CPU on a gain that a long-running process gets anyway from its
     *     first seconds of traffic: it is no part of the API. It remains, with trained standby
     *     children, for benchmarks and for programs that measured a gain, and will be removed.
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static int warmUpTransport() {
        return TransportTraining.run();
    }

    /**
     * The process this code runs in.
     *
     * @return {@code MainProcess} in the root, the running process object in a child; never null
     */
    public static ChildProcess currentProcess() {
        ChildProcess p = current;
        if (p == null) {
            synchronized (Multiprocessing.class) {
                if (current == null) {
                    current = new ChildProcess("MainProcess", ProcessHandle.current().pid(), false, ProcessRuntime.Kind.MAIN);
                }
                p = current;
            }
        }
        return p;
    }

    /**
     * The process that started this one.
     *
     * @return the parent process (alive or not), or null in the root
     */
    public static ChildProcess parentProcess() {
        return parent;
    }

    /**
     * The children of this process that are still running.
     *
     * @return a new list, empty when no child runs; changing it changes nothing
     */
    public static List<ChildProcess> activeChildren() {
        List<ChildProcess> alive = new ArrayList<>();
        for (ChildProcess child : CHILDREN) {
            if (child.isAlive()) {
                alive.add(child);
            }
        }
        return alive;
    }

    /**
     * The number of CPUs this JVM may use (container- and affinity-aware, unlike Python's).
     *
     * @return at least 1
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The context {@code new ChildProcess(...)} starts with: defaults in the root, the parent's
     * settings in a child.
     *
     * @return the current default context; never null
     */
    public static MultiprocessingContext defaultContext() {
        MultiprocessingContext c = defaultContext;
        if (c == null) {
            synchronized (Multiprocessing.class) {
                if (defaultContext == null) {
                    defaultContext = MultiprocessingContext.builder().build();
                }
                c = defaultContext;
            }
        }
        return c;
    }

    /**
     * Replaces the default context (Python's {@code set_start_method}, for JVM settings).
     *
     * @param context the context for processes created afterwards; {@code null} goes back to the built-in defaults
     */
    public static void setDefaultContext(MultiprocessingContext context) {
        defaultContext = context;
    }

    /**
     * Tracks a started child for the exit rule. The first one also installs the exit-signal
     * recorder, which only that rule reads: a JVM that never starts a child (most pool workers)
     * skips it, and with it the dynamic proxy it builds, 30-50 ms of a fresh child's start-up.
     */
    static void register(ChildProcess child) {
        ExitSignals.install();
        CHILDREN.add(child);
    }

    static void unregister(ChildProcess child) {
        CHILDREN.remove(child);
    }

    static void installChild(ChildProcess self, ChildBridge.Identity identity) {
        current = self;
        parent = ChildProcess.parentView(identity.parentName(), identity.parentPid());
        defaultContext = MultiprocessingContext.of(identity.settings());
    }

    /**
     * Python's exit rule: terminate daemonic children, then join the others. An exit caused by a
     * signal (SIGTERM, SIGINT, SIGHUP), or a signal that arrives while the exit joins, stops the
     * non-daemon children too instead of waiting for them: Python's SIGTERM ends the interpreter
     * without this step, and a JVM stopped by a service manager must not outlive its stop timeout
     * for a child that runs on.
     */
    private static void atExit() {
        List<ChildProcess> daemons = new ArrayList<>();
        List<ChildProcess> others = new ArrayList<>();
        for (ChildProcess child : CHILDREN) {
            (child.isDaemon() ? daemons : others).add(child);
        }
        stop(daemons, DAEMON_GRACE);
        CompletableFuture<String> signal = ExitSignals.received();
        for (ChildProcess child : others) {
            try {
                CompletableFuture.anyOf(child.onExit(), signal).join();
            } catch (RuntimeException e) {
                // exiting: a child that failed to start has nothing left to clean up
            }
        }
        if (signal.isDone()) {
            stop(others, SIGNALLED_GRACE);
        }
    }

    /** SIGTERM to every child still running, then SIGKILL to those still running after {@code grace}. */
    private static void stop(List<ChildProcess> children, Duration grace) {
        List<CompletableFuture<?>> exits = new ArrayList<>();
        for (ChildProcess child : children) {
            try {
                child.terminate();
                exits.add(child.onExit());
            } catch (RuntimeException e) {
                // exiting: a child that failed to start has nothing left to clean up
            }
        }
        try {
            CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0])).get(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            for (ChildProcess child : children) {
                try {
                    child.kill();
                } catch (RuntimeException gone) {
                    // nothing left to stop
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
