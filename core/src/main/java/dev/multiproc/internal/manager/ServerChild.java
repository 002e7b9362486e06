package dev.multiproc.internal.manager;

import dev.multiproc.connection.Connection;
import dev.multiproc.internal.runtime.JvmProcess;

import java.io.Serializable;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.security.SecureRandom;
import java.util.List;

/**
 * The body of a manager's child process: opens the server, reports its address (or why it could
 * not open) to the creator, and serves until shut down. The child exits when its creator does, as
 * every child does, so a manager never outlives the process that started it.
 */
public final class ServerChild {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerChild() {
    }

    /** What the creator hands the manager's child. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        /** Null: a fresh Unix-domain socket in the process tree's runtime directory. */
        final String address;
        /** Null: the process tree's key. */
        final byte[] authkey;
        final List<TypeSpec> registered;

        public Settings(String name, String address, byte[] authkey, List<TypeSpec> registered) {
            this.name = name;
            this.address = address;
            this.authkey = authkey;
            this.registered = List.copyOf(registered);
        }
    }

    /** Runs in the child: sends the bound address as a String, or the failure, on {@code report}. */
    public static void run(Connection report, Settings settings) {
        ManagerServer server;
        try (report) {
            try {
                server = ManagerServer.open(address(settings), settings.authkey != null ? settings.authkey : JvmProcess.current().authkey(),
                        settings.name, settings.registered);
            } catch (RuntimeException e) {
                report.send(e);
                return;
            }
            report.send(server.address());
        }
        server.serveForever();
    }

    private static SocketAddress address(Settings settings) {
        if (settings.address != null) {
            return Addresses.parse(settings.address);
        }
        String file = "m-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        return UnixDomainSocketAddress.of(JvmProcess.current().runtimeDir().resolve(file));
    }
}
