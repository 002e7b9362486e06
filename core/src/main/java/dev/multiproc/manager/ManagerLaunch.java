package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.ProcessStartException;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Connections;
import dev.multiproc.connection.Pipe;
import dev.multiproc.internal.manager.Addresses;
import dev.multiproc.internal.manager.ManagerServer;
import dev.multiproc.internal.manager.ProxyRef;
import dev.multiproc.internal.manager.ServerChild;
import dev.multiproc.internal.manager.TypeSpec;
import dev.multiproc.internal.runtime.JvmProcess;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a {@link Manager}'s server process starts, serves and stops: the process side of the
 * manager, kept apart from the proxies' factory.
 */
final class ManagerLaunch {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    /** A server child that reported where it listens. */
    record Started(ChildProcess child, String address) {
    }

    private ManagerLaunch() {
    }

    /** Starts the server child and waits until it reports its address (or fails, or the time runs out). */
    static Started start(String processName, ServerChild.Settings settings, MultiprocessingContext context) {
        try (Pipe pipe = Pipe.open(false)) {
            Connection reports = pipe.left();
            Connection report = pipe.right();
            SerializableRunnable serve = () -> ServerChild.run(report, settings);
            ChildProcess child = context != null ? context.process(serve) : new ChildProcess(serve);
            child.setName(processName);
            child.setDaemon(true);
            child.start();
            report.close();
            return new Started(child, awaitAddress(child, reports));
        }
    }

    private static String awaitAddress(ChildProcess child, Connection reports) {
        List<Object> ready = Connections.wait(List.of(reports, child), START_TIMEOUT);
        Object answer = null;
        if (ready.contains(reports)) {
            try {
                answer = reports.recv();
            } catch (RuntimeException childDied) {
                answer = childDied;
            }
        }
        if (answer instanceof String) {
            return (String) answer;
        }
        child.terminate();
        child.join();
        Integer exit = child.exitCode();
        child.close();
        if (answer instanceof Throwable) {
            throw new ProcessStartException("manager " + child.getName() + " could not start its server: "
                    + ((Throwable) answer).getMessage(), (Throwable) answer);
        }
        throw new ProcessStartException("manager " + child.getName() + " did not report its address within "
                + START_TIMEOUT + " (exit code " + exit + ")");
    }

    /** Serves in this JVM until a client shuts the server down. */
    static void serveForever(SocketAddress address, byte[] authkey, String name, List<TypeSpec> registered,
                             String socketName, Consumer<SocketAddress> onListening) {
        ManagerServer server = ManagerServer.open(
                address != null ? address : UnixDomainSocketAddress.of(JvmProcess.current().runtimeDir().resolve(socketName)),
                authkey != null ? authkey : JvmProcess.current().authkey(), name, registered);
        onListening.accept(Addresses.parse(server.address()));
        server.serveForever();
    }

    /**
     * Asks the server to stop, then waits for its process, escalating to terminate and kill; removes
     * the socket file a killed server leaves behind.
     */
    static void stop(ChildProcess process, ProxyRef control, int shutdownMethod, SocketAddress address) {
        try {
            control.callUnchecked(shutdownMethod);
        } catch (ManagerUnavailableException alreadyGone) {
            // died before: what is left is its socket file
        }
        if (!process.join(SHUTDOWN_GRACE)) {
            process.terminate();
            if (!process.join(SHUTDOWN_GRACE)) {
                process.kill();
                process.join();
            }
        }
        if (address instanceof UnixDomainSocketAddress) {
            try {
                // left behind when the server was killed
                Files.deleteIfExists(((UnixDomainSocketAddress) address).getPath());
            } catch (IOException e) {
                System.err.println("multiproc: cannot delete " + address + ": " + e);
            }
        }
        process.close();
    }
}
