package dev.multiproc.internal.spawn;

import dev.multiproc.ProcessStartException;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.events.Events;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.runtime.Logs;
import dev.multiproc.internal.runtime.Signals;
import dev.multiproc.internal.transport.FramedChannel;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One child JVM as its parent sees it: the OS process, its output pumps, and its authenticated
 * control connection once the child has opened it.
 *
 * <p>Life: {@link #launch} starts the JVM and writes the {@link Bootstrap} to its stdin;
 * {@link #run} starts a watcher thread that writes the {@link RunRequest} after it on stdin, then
 * waits for the child to connect back through {@link ProcessServer} (it does when it has
 * something to say) or to exit, answers the child's {@link ClassRequest}s (see
 * {@link ClassSource}), reads its {@link ExitReport}, waits for the exit and the last of its
 * output, and then reports the {@link Outcome}. A standby child connects as soon as it has booted
 * and sits idle until {@link #run} sends the request on the connection.
 */
public final class SpawnedChild {
    /** How long to wait, after the exit, for the last of the child's output to be copied. */
    private static final long OUTPUT_DRAIN_MILLIS = 2000;

    private final Process process;
    private final CompletableFuture<FramedChannel> connection;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final OutputStream stdin;
    private final ForwardedRecords records;
    private final long startNanos = System.nanoTime();
    private volatile String name;
    /** Null for a standby child, which is given its run request on its connection. */
    private final RunningMarker running;
    private volatile int signalSent;
    private volatile ExitReport report;

    private SpawnedChild(Process process, CompletableFuture<FramedChannel> connection,
                         OutputPump stdout, OutputPump stderr, RunningMarker running, ForwardedRecords records) {
        this.process = process;
        this.records = records;
        this.connection = connection;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdin = process.getOutputStream();
        this.running = running;
    }

    /** How the child ended, as its parent reports it. */
    public record Outcome(int exitCode, ExitReport report, ProcessStartException startFailure) {
    }

    /**
     * Starts a child JVM with the given options and tells it, on stdin, how to call back; a
     * {@code standby} child may {@code train} its transport before it reports ready. Any other child
     * is given its run request on stdin too, by {@link #run}, and calls back only when it needs to.
     * With {@code discardOutput}, what the child prints is read and dropped.
     *
     * @throws ProcessStartException when the {@code java} executable cannot be started at all
     */
    public static SpawnedChild launch(List<String> jvmOptions, Map<String, String> environment,
                                      String classpath, String outputPrefix, boolean standby,
                                      boolean train, boolean discardOutput) {
        JvmProcess jvm = JvmProcess.current();
        ProcessServer server = ProcessServer.get();
        CompletableFuture<FramedChannel> connected = new CompletableFuture<>();
        long token = server.expect(connected);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ArchiveMapping.compatible(jvmOptions));
        command.addAll(ArchiveMapping.optionsFor(jvmOptions));
        String forwarding = ChildLogForwarding.optionFor(jvmOptions);
        if (forwarding != null) {
            command.add(forwarding);
        }
        String selectorProvider = SelectorProviderOption.optionFor(jvmOptions);
        if (selectorProvider != null) {
            command.add(selectorProvider);
        }
        command.add("-cp");
        command.add(classpath);
        command.add(ChildMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            server.forget(token);
            throw new ProcessStartException("cannot start a child JVM with " + command + ": " + e.getMessage(), e);
        }
        long pid = process.pid();
        Logs.process().log(System.Logger.Level.DEBUG, () -> "started a child JVM, pid " + pid + ": " + String.join(" ", command));
        String name = "multiproc-output-" + pid;
        RunningMarker running = standby ? null : new RunningMarker();
        ForwardedRecords records = new ForwardedRecords(pid);
        PrintStream nowhere = discardOutput ? new PrintStream(OutputStream.nullOutputStream()) : null;
        OutputPump out = OutputPump.start(process.getInputStream(), discardOutput ? () -> nowhere : () -> System.out,
                outputPrefix, null, null, name);
        OutputPump err = OutputPump.start(process.getErrorStream(), discardOutput ? () -> nowhere : () -> System.err,
                outputPrefix, running, records, name);
        SpawnedChild child = new SpawnedChild(process, connected, out, err, running, records);
        process.onExit().thenRun(() -> {
            // a child that has presented its token is being admitted: that completes the future
            if (server.forget(token)) {
                connected.completeExceptionally(new IllegalStateException("exited before connecting"));
            }
            // a child that opened its own socket and died without its exit hooks (killed, or
            // halted as an orphan) leaves the file; whether it ever ran or not
            removeSocketOf(pid);
        });
        try {
            DataOutputStream bootstrap = new DataOutputStream(child.stdin);
            new Bootstrap(jvm.rootPid(), jvm.pid(), jvm.authkey(), jvm.runtimeDir(), server.path(), token, standby,
                    standby && train)
                    .write(bootstrap);
        } catch (IOException e) {
            // the child died at once; its exit and stderr explain why, reported by run()
        }
        return child;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True once the child has connected and authenticated (a ready standby child). */
    public boolean isReady() {
        return connection.isDone() && !connection.isCompletedExceptionally() && process.isAlive();
    }

    /** Waits up to {@code millis} for the child to be ready; false when it died or is still starting. */
    public boolean awaitReady(long millis) {
        try {
            connection.get(millis, TimeUnit.MILLISECONDS);
            return process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Sets the prefix of each line the child prints, or null for none. */
    public void outputPrefix(String prefix) {
        stdout.prefix(prefix);
        stderr.prefix(prefix);
    }

    /**
     * Hands the child its work and watches it on a new thread, which keeps the JVM alive until the
     * child exits when {@code keepJvmAlive} (Python joins non-daemon children at exit).
     */
    public void run(RunRequest request, boolean keepJvmAlive, String threadName, Consumer<Outcome> onExit) {
        name = request.name();
        records.name(request.name());
        Events.processStarted(name, process.pid());
        byte[] encoded = ControlMessage.encode(request);
        Thread watcher = new Thread(() -> onExit.accept(watch(encoded)), threadName);
        watcher.setDaemon(!keepJvmAlive);
        watcher.start();
    }

    private Outcome watch(byte[] request) {
        FramedChannel channel = null;
        try {
            if (running != null) {
                // written here, not at launch: a request larger than the pipe's buffer waits for
                // the child to read it, and start() returns at once
                writeOnStdin(request);
                channel = connection.join(); // or fails at the exit of a child that never called back
            } else {
                channel = connection.join();
                channel.write(request, 0, request.length);
            }
            readControlMessages(channel);
        } catch (RuntimeException notConnectedOrGone) {
            // the exit status and the child's stderr explain it below
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
        int status = waitForExit();
        removeSocketOf(process.pid());
        try {
            CompletableFuture.allOf(stdout.done(), stderr.done()).get(OUTPUT_DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a grandchild may still hold the pipe; the output so far has been copied
        }
        closeStdin();
        ProcessStartException startFailure = null;
        boolean ran = channel != null || (running != null && running.seen());
        if (!ran && signalSent == 0) {
            String tail = outputTail();
            startFailure = new ProcessStartException("the child JVM (pid " + process.pid() + ") "
                    + Signals.describeExit(status) + " before it was ready to run; its output ended with:\n" + tail
                    + ChildClasspath.adviceFor(tail));
        }
        int code = exitCode(status);
        long pid = process.pid();
        long lifetime = System.nanoTime() - startNanos;
        long millis = lifetime / 1_000_000;
        Events.processExited(name, pid, code, lifetime);
        // an exit this process asked for (terminate(), a pool's shutdown) is normal operation too
        boolean expected = code == 0 || signalSent != 0;
        Logs.process().log(expected ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                () -> "child " + name + " (pid " + pid + ") exited with code " + code + ", " + millis + " ms after its start");
        return new Outcome(code, report, startFailure);
    }

    private void writeOnStdin(byte[] request) {
        try {
            Bootstrap.writeRequest(new DataOutputStream(stdin), request);
        } catch (IOException childGone) {
            // it died before reading: its exit and stderr explain why
        }
    }

    /** A child killed by a signal could not remove its own process-server socket; its parent does. */
    private static void removeSocketOf(long pid) {
        try {
            Files.deleteIfExists(ProcessServer.socketPath(JvmProcess.current().runtimeDir(), pid));
        } catch (IOException ignored) {
            // the root removes the whole directory at exit
        }
    }

    private void readControlMessages(FramedChannel channel) {
        try {
            while (true) {
                Object message = ControlMessage.decode(channel.read());
                if (message instanceof ClassRequest) {
                    // answered here: the child waits for nothing else, and other children have watchers of their own
                    byte[] answer = ControlMessage.encode(ClassSource.answer((ClassRequest) message));
                    channel.write(answer, 0, answer.length);
                } else if (message instanceof ExitReport) {
                    report = (ExitReport) message;
                    closeStdin(); // the child's cue to exit: see ChildMain
                }
            }
        } catch (ConnectionException endOfStream) {
            // the child closed its end: it is exiting
        }
    }

    private int waitForExit() {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // the watcher must see the exit; interrupts of this thread are not meaningful
            }
        }
    }

    /** Python's exit code: the reported code, else -N for a death by signal N. */
    private int exitCode(int status) {
        ExitReport r = report;
        if (r != null && r.exitCode() == status) {
            return status;
        }
        int signal = signalSent;
        if (signal != 0 && status == 128 + signal) {
            return -signal;
        }
        if (status > 128 && status <= 128 + 64) {
            return -(status - 128);
        }
        return status;
    }

    private String outputTail() {
        String err = stderr.tail();
        String out = stdout.tail();
        if (err.isEmpty() && out.isEmpty()) {
            return "(nothing)";
        }
        return out.isEmpty() ? err : err.isEmpty() ? out : err + "\n" + out;
    }

    /** SIGTERM; the JVM runs its shutdown hooks. */
    public void terminate() {
        if (process.isAlive()) {
            signalSent = 15;
            process.toHandle().destroy(); // Process.destroy() would also close the pipes, losing output
        }
    }

    /** SIGKILL. */
    public void kill() {
        if (process.isAlive()) {
            signalSent = 9;
            process.toHandle().destroyForcibly();
        }
    }

    public CompletableFuture<Process> onProcessExit() {
        return process.onExit();
    }

    private void closeStdin() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    /** Closing stdin tells an idle (standby) child to exit: the same signal as a dead parent. */
    public void dismiss() {
        closeStdin();
        connection.thenAccept(FramedChannel::close);
    }
}
