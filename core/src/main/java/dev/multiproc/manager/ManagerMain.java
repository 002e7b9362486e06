package dev.multiproc.manager;

import dev.multiproc.SerializableCallable;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;

/**
 * A standalone manager: serves the built-in types (and classes named on the command line) on a
 * TCP address until a client calls {@link Manager#shutdown()}, or the process is stopped. Python's
 * {@code manager.get_server().serve_forever()} as a program.
 *
 * <pre>
 * MULTIPROC_AUTHKEY=$(openssl rand -hex 32) \
 *   java -cp app.jar:multiproc-core.jar dev.multiproc.manager.ManagerMain 127.0.0.1:50000 \
 *        Counter=com.example.AtomicCounter
 * </pre>
 * prints {@code listening on tcp:127.0.0.1:50000} once it serves; clients call
 * {@code Manager.connect(new InetSocketAddress("127.0.0.1", 50000), key)} and
 * {@code create("Counter", Counter.class)}. Port 0 picks a free port (printed). Each
 * {@code TYPEID=CLASS} registers a class with a public no-argument constructor, instantiated on
 * every {@code create}.
 *
 * <p>The authkey comes from the environment variable {@value #AUTHKEY_VARIABLE} as hex, never from
 * the command line, where other users of the machine could read it. Listen on a loopback address
 * unless every machine that can reach the port is trusted with the key.
 */
public final class ManagerMain {
    /** The environment variable holding the authkey, as hex digits. */
    public static final String AUTHKEY_VARIABLE = "MULTIPROC_AUTHKEY";

    private ManagerMain() {
    }

    /**
     * Runs a manager server until it is shut down; exits with status 2 on a usage error.
     *
     * @param args {@code HOST:PORT} to listen on, then any number of {@code TYPEID=CLASS} registrations
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: " + AUTHKEY_VARIABLE + "=<hex> java ... " + ManagerMain.class.getName()
                    + " HOST:PORT [TYPEID=CLASS ...]");
            System.exit(2);
        }
        Manager.Builder builder = Manager.builder().name("ManagerMain").address(address(args[0])).authkey(authkey(System.getenv()));
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not TYPEID=CLASS: '" + args[i] + "'");
            }
            builder.register(args[i].substring(0, eq), new Instantiate(args[i].substring(eq + 1)));
        }
        builder.serveForever(bound -> {
            System.out.println("listening on tcp:" + ((InetSocketAddress) bound).getHostString() + ":"
                    + ((InetSocketAddress) bound).getPort());
            System.out.flush();
        });
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not HOST:PORT: '" + hostPort + "'");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static byte[] authkey(Map<String, String> environment) {
        String hex = environment.get(AUTHKEY_VARIABLE);
        if (hex == null || hex.isBlank()) {
            throw new IllegalArgumentException("set " + AUTHKEY_VARIABLE + " to the authkey in hex (e.g. 32 random bytes)");
        }
        return HexFormat.of().parseHex(hex.trim());
    }

    /** A factory naming a class: made by its public no-argument constructor. */
    private static final class Instantiate implements SerializableCallable<Object> {
        private static final long serialVersionUID = 1L;
        private final String className;

        Instantiate(String className) {
            this.className = className;
        }

        @Override
        public Object call() throws Exception {
            return Class.forName(className).getConstructor().newInstance();
        }
    }
}
