package dev.multiproc.internal.runtime;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * This JVM's place in its process tree: root or child, the tree's authkey and runtime directory,
 * and the identity used to name the processes it starts ({@code Process-1:2}).
 *
 * <p>The root creates the authkey and the runtime directory on first use and sweeps what dead
 * roots left behind; a child receives both from its parent on stdin (never on a command line) via
 * {@link #initChild}, and its identity with its run request ({@link #assignIdentity}): a standby
 * child is a member of the tree, and may use its sockets and shared memory, before it knows which
 * process it will be. Cleanup actions registered with {@link #atExit} run in reverse order at JVM
 * exit, before the root deletes its runtime directory.
 */
public final class JvmProcess {
    private static final Path SHM = Path.of("/dev/shm");
    private static final long EXIT_DRAIN_NANOS = 5_000_000_000L;
    private static final int AUTHKEY_BYTES = 32;
    private static volatile JvmProcess current;
    /** What writes out buffered sends at exit (the transport registers it); runs before every exit action. */
    private static volatile LongConsumer exitDrain;

    private final boolean root;
    private final long rootPid;
    private final byte[] authkey;
    private final Path runtimeDir;
    private volatile int[] identity;
    private final AtomicInteger childCounter = new AtomicInteger();
    private final List<Runnable> exitActions = new ArrayList<>();

    private JvmProcess(boolean root, long rootPid, byte[] authkey, Path runtimeDir, int[] identity) {
        this.root = root;
        this.rootPid = rootPid;
        this.authkey = authkey;
        this.runtimeDir = runtimeDir;
        this.identity = identity;
        // a class, not a method reference: a child creates this early, before its invokedynamic
        // machinery is warm (see ChildMain)
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(new ExitActions(), "multiproc-exit"));
        } catch (IllegalStateException shuttingDown) {
            // a child stopped (SIGTERM) while it started: the JVM is exiting already, and its
            // resources are the root's to remove
        }
    }

    /** This JVM; initialises it as a root process on first use unless it was started as a child. */
    public static JvmProcess current() {
        JvmProcess p = current;
        if (p == null) {
            synchronized (JvmProcess.class) {
                if (current == null) {
                    current = newRoot();
                }
                p = current;
            }
        }
        return p;
    }

    private static JvmProcess newRoot() {
        long pid = ProcessHandle.current().pid();
        int swept = RuntimeDirectory.sweepStale(RuntimeDirectory.base());
        Path shm = PrivateDirectory.existing(SHM);
        if (shm != null) {
            swept += RuntimeDirectory.sweepStale(shm);
        }
        if (swept > 0) {
            Logs.runtime().log(System.Logger.Level.DEBUG, "removed {0} runtime file(s) left by multiproc processes that are gone", swept);
        }
        Path dir = RuntimeDirectory.create(pid);
        byte[] authkey = new byte[AUTHKEY_BYTES];
        new SecureRandom().nextBytes(authkey);
        JvmProcess root = new JvmProcess(true, pid, authkey, dir, new int[0]);
        root.atExit(() -> RuntimeDirectory.delete(dir));
        // Children may create segments the root never touched: the root removes the tree's files.
        root.atExit(() -> SharedMemoryDirectory.deleteAll(SharedMemoryDirectory.get(), root.resourcePrefix()));
        return root;
    }

    /**
     * Called once by the child's main before anything else touches {@link #current()}; the
     * identity follows with the run request.
     */
    public static synchronized JvmProcess initChild(long rootPid, byte[] authkey, Path runtimeDir) {
        if (current != null) {
            throw new IllegalStateException("this JVM's place in the process tree is already set");
        }
        current = new JvmProcess(false, rootPid, authkey.clone(), runtimeDir, null);
        return current;
    }

    /** Sets a child's identity, once, when it learns which process it runs. */
    public synchronized void assignIdentity(int[] childIdentity) {
        if (root || identity != null) {
            throw new IllegalStateException("this JVM's process identity is already set");
        }
        identity = childIdentity.clone();
    }

    public long rootPid() {
        return rootPid;
    }

    public long pid() {
        return ProcessHandle.current().pid();
    }

    /** The tree's authkey. Callers must not modify it. */
    public byte[] authkey() {
        return authkey;
    }

    public Path runtimeDir() {
        return runtimeDir;
    }

    /** Python's {@code _identity}: empty in the root, {@code [1, 2]} in {@code Process-1:2}. */
    public int[] identity() {
        int[] known = identity;
        return known == null ? new int[0] : known.clone();
    }

    /** The identity of the next child this process starts. */
    public int[] nextChildIdentity() {
        int[] parent = identity();
        int[] child = java.util.Arrays.copyOf(parent, parent.length + 1);
        child[parent.length] = childCounter.incrementAndGet();
        return child;
    }

    /** A file name prefix unique to this tree, for shared-memory segments and sockets. */
    public String resourcePrefix() {
        return RuntimeDirectory.PREFIX + rootPid + "-";
    }

    /** Registers {@code action} to run at JVM exit; actions run last-registered first. */
    public void atExit(Runnable action) {
        synchronized (exitActions) {
            exitActions.add(action);
        }
    }

    /** Withdraws an action registered with {@link #atExit}, so that what it refers to can be collected. */
    public void removeAtExit(Runnable action) {
        synchronized (exitActions) {
            exitActions.remove(action);
        }
    }

    /** How many exit actions are registered: for leak checks. */
    public int exitActionCount() {
        synchronized (exitActions) {
            return exitActions.size();
        }
    }

    /**
     * Sets what writes out this JVM's buffered sends at exit, given a time limit in nanoseconds:
     * it runs before every exit action, so that what was sent reaches the peers before anything is
     * torn down. Static, so that registering it does not make this JVM a root.
     */
    public static void drainAtExit(LongConsumer drain) {
        exitDrain = drain;
    }

    private void runExitActions() {
        LongConsumer drain = exitDrain;
        if (drain != null) {
            drain.accept(EXIT_DRAIN_NANOS);
        }
        List<Runnable> actions;
        synchronized (exitActions) {
            actions = new ArrayList<>(exitActions);
            exitActions.clear();
        }
        for (int i = actions.size() - 1; i >= 0; i--) {
            try {
                actions.get(i).run();
            } catch (RuntimeException | Error e) {
                System.err.println("multiproc: exit action failed: " + e);
            }
        }
    }

    private final class ExitActions implements Runnable {
        @Override
        public void run() {
            runExitActions();
        }
    }
}
