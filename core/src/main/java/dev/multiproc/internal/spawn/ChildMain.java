package dev.multiproc.internal.spawn;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * The main class of every child JVM.
 *
 * <p>Reads the {@link Bootstrap} from stdin, watches stdin for end-of-file (the parent is gone: exit
 * at once, so that nothing is orphaned even when the parent was killed with SIGKILL), installs the
 * {@link RemoteClassLoader} that asks the parent for classes missing here, and gets its
 * {@link RunRequest}: a child started for a known process reads it on stdin, says on stderr that it
 * runs ({@link RunningMarker}) and connects back only when it first has something to say; a
 * standby child connects back and authenticates at once and waits for its request on the
 * connection. Then it runs the process, waits for its own non-daemon threads and children (as
 * Python's child does), reports an {@link ExitReport} when there is more to say than status 0, and
 * exits with the process's exit code.
 */
public final class ChildMain {
    /** Exit status of a child whose parent went away; the parent, being gone, never reads it. */
    static final int ORPHANED = 70;
    /** How long a finished child waits for its parent's cue before exiting on its own. */
    private static final long EXIT_CUE_MILLIS = 5000;

    /** The exit code once the process has finished; until then the end of stdin means an orphan. */
    private static volatile Integer finalExitCode;

    private ChildMain() {
    }

    public static void main(String[] args) {
        // No lambda or method reference on this thread until the run request: the first one
        // initialises the JVM's invokedynamic machinery (about 10 ms cold), which a standby
        // child's warm-up thread does meanwhile. The parent has written the bootstrap long before
        // the JVM gets here.
        FileInputStream stdin = new FileInputStream(FileDescriptor.in);
        DataInputStream in = new DataInputStream(stdin);
        Bootstrap bootstrap;
        SocketChannel socket = null;
        Thread warmup = null;
        byte[] stdinRequest = null;
        try {
            bootstrap = Bootstrap.read(in);
            if (!bootstrap.standby()) {
                stdinRequest = Bootstrap.readRequest(in);
            } else {
                warmup = StandbyWarmup.start();
                // opened at once: opening the first socket loads and initialises the JDK's
                // networking, the largest single cost on a standby child's way to ready
                socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            }
        } catch (IOException e) {
            System.err.println("multiproc child: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.setIn(new ByteArrayInputStream(new byte[0]));
        watchParent(stdin);
        // a member of the tree from here on (sockets, shared memory); which process it runs
        // arrives with the run request
        JvmProcess.initChild(bootstrap.rootPid(), bootstrap.authkey(), bootstrap.runtimeDir());
        if (bootstrap.train()) {
            WarmUpHook.trainBeforeReady();
        }
        ParentLink link;
        RunRequest request;
        try {
            if (stdinRequest != null) {
                link = ParentLink.lazy(bootstrap);
                RemoteClassLoader.install(link);
                request = (RunRequest) ControlMessage.decode(stdinRequest);
                RunningMarker.write();
            } else {
                FramedChannel control = connectAsStandby(bootstrap, socket, warmup);
                // Set up before the run request arrives: a standby child does this while it waits.
                link = ParentLink.start(control, bootstrap.parentPid());
                RemoteClassLoader.install(link);
                request = (RunRequest) ControlMessage.decode(control.read());
            }
        } catch (IOException | RuntimeException e) {
            if (bootstrap.standby()) {
                // dismissed before it was given work (its context closed, or its parent exited):
                // nothing went wrong that anyone should read about
                ProcessServer.closeIfOpen();
                Runtime.getRuntime().halt(ORPHANED);
            }
            System.err.println("multiproc child: cannot reach the parent process " + bootstrap.parentPid() + ": " + e);
            System.exit(2);
            return;
        }
        JvmProcess.current().assignIdentity(request.identity());
        ChildBridge.Identity identity = new ChildBridge.Identity(request.name(), request.identity(), request.daemon(),
                request.parentName(), bootstrap.parentPid(), request.settings());
        ExitReport report = runProcess(request, identity);
        waitForNonDaemonThreads();
        // what the target streamed on its connections reaches the kernel before the parent hears
        // of the exit, so a parent that joined can read it all (Python's sends are synchronous)
        FramedChannel.drainStreamedWrites(DRAIN_NANOS);
        System.out.flush();
        System.err.flush();
        finalExitCode = report.exitCode();
        // a clean exit says it all by its status: a child that never called back does not start now
        if (report.exitCode() != 0 || link.connected()) {
            try {
                link.report(report);
                awaitExitCue();
            } catch (RuntimeException parentGone) {
                // nothing to report to
            }
        }
        System.exit(report.exitCode());
    }

    /**
     * Waits for the parent to close our stdin after reading the report; the stdin watcher then
     * exits the JVM. Why not exit right here: HotSpot's exit waits up to 300 ms for threads that
     * are in native code, and the watcher sits in a native read of stdin until the parent closes it.
     */
    private static void awaitExitCue() {
        try {
            Thread.sleep(EXIT_CUE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final long DRAIN_NANOS = 10_000_000_000L;

    /** The warm-up is an optimisation: never wait on it for long. */
    private static final long WARMUP_WAIT_MILLIS = 2_000;

    /**
     * Connects back and authenticates, then says hello once the warm-up is done, which makes this
     * standby child ready in the parent's eyes, ready to run at full speed (measured: a standby
     * start+join took 40-44 ms right after the hello, 25-31 ms after the warm-up).
     */
    private static FramedChannel connectAsStandby(Bootstrap bootstrap, SocketChannel socket, Thread warmup)
            throws IOException {
        FramedChannel channel = ParentLink.connect(bootstrap, socket);
        try {
            warmup.join(WARMUP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ParentLink.hello(channel, bootstrap.token());
        return channel;
    }

    private static ExitReport runProcess(RunRequest request, ChildBridge.Identity identity) {
        ChildBridge bridge = ChildBridge.get();
        Object process;
        try {
            process = StandardCodec.INSTANCE.decode(request.process());
        } catch (RuntimeException e) {
            bridge.installIdentity(identity);
            return failed(identity.name(), e);
        }
        try {
            bridge.runAsCurrent(process, identity);
            return new ExitReport(0, null, null, null);
        } catch (ParentGone nobodyToTell) {
            ProcessServer.closeIfOpen();
            Runtime.getRuntime().halt(ORPHANED);
            throw nobodyToTell; // not reached
        } catch (Throwable e) {
            return failed(identity.name(), e);
        }
    }

    /** Prints the failure as Python does ("Process Process-1:" and the traceback) and encodes it. */
    private static ExitReport failed(String name, Throwable failure) {
        System.out.flush();
        System.err.println("Process " + name + " (pid " + ProcessHandle.current().pid() + "):");
        failure.printStackTrace();
        System.err.flush();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        byte[] encoded;
        try {
            encoded = StandardCodec.INSTANCE.encode(failure);
        } catch (RuntimeException notSerializable) {
            encoded = null;
        }
        return new ExitReport(1, encoded, failure.getClass().getName(), trace.toString());
    }

    private static void watchParent(FileInputStream stdin) {
        FileChannel channel = stdin.getChannel();
        Thread watcher = new Thread(new ParentWatch(channel), "multiproc-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(new StopWatching(channel), "multiproc-stop-watch"));
        } catch (IllegalStateException shuttingDown) {
            // stopped (SIGTERM) while starting: the JVM is exiting already, nothing to watch for
        }
    }

    /** Exits when the parent closes our stdin: at once when orphaned, else with the final code. */
    private static final class ParentWatch implements Runnable {
        private final FileChannel stdin;

        ParentWatch(FileChannel stdin) {
            this.stdin = stdin;
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            try {
                while (stdin.read(buffer.clear()) >= 0) {
                    // the parent writes nothing after the bootstrap; only end-of-file matters
                }
            } catch (ClosedChannelException shuttingDown) {
                return; // closed by StopWatching: the JVM is exiting already
            } catch (IOException ignored) {
                // same as end-of-file
            }
            Integer code = finalExitCode;
            if (code == null) {
                ProcessServer.closeIfOpen();
                Runtime.getRuntime().halt(ORPHANED); // the parent is gone: no hooks, no delay
            }
            System.exit(code);
        }
    }

    /**
     * At exit by any other way than the watcher's (a SIGTERM, the target's own System.exit),
     * takes the watcher out of its read of stdin: HotSpot's exit waits up to 300 ms for threads
     * blocked in native code, and a blocked channel read is woken when its channel is closed
     * (measured: a pool worker stopped before it had connected took ~300 ms to exit).
     */
    private static final class StopWatching implements Runnable {
        private final FileChannel stdin;

        StopWatching(FileChannel stdin) {
            this.stdin = stdin;
        }

        @Override
        public void run() {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // nothing left to wake
            }
        }
    }

    /** Python's child joins its non-daemon threads (and so its non-daemon children) before exiting. */
    private static void waitForNonDaemonThreads() {
        Thread self = Thread.currentThread();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread != self && !thread.isDaemon() && thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
