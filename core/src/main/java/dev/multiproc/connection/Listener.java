package dev.multiproc.connection;

import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.Acceptor;
import dev.multiproc.internal.transport.FramedChannel;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * Accepts authenticated connections from other processes, related or not: Python's
 * {@code multiprocessing.connection.Listener}. The address is a Unix-domain socket path
 * ({@link UnixDomainSocketAddress}) or a TCP host and port ({@link InetSocketAddress}; port 0
 * picks a free one, see {@link #address()}).
 *
 * <pre>{@code
 * try (Listener listener = Listener.open()) {              // a socket in the runtime directory
 *     SocketAddress address = listener.address();
 *     ChildProcess p = new ChildProcess((SocketAddress a) -> {
 *         try (Connection c = Client.connect(a)) { c.send("hello"); }
 *     }, address);
 *     p.start();
 *     try (Connection c = listener.accept()) {
 *         System.out.println(c.recv());                    // hello
 *     }
 *     p.join();
 * }
 * }</pre>
 *
 * <h2>Authentication</h2>
 * Every connection runs a mutual HMAC-SHA256 challenge with the authkey before a single byte of
 * data is read; a peer with another key gets an {@link AuthenticationException}, and so does the
 * next {@link #accept()} here. The default key is {@link Connections#authkey()}. Unlike Python
 * there is no unauthenticated mode: objects are decoded with Java serialization, and decoding what
 * a stranger sent is running the stranger's code.
 *
 * <p>Peers are accepted and authenticated by a background thread, so a {@link Client#connect} in
 * the same thread before {@link #accept()} does not deadlock. Each peer authenticates on a thread of
 * its own, within one deadline for the whole handshake ({@code multiproc.handshakeSeconds}, 20 s),
 * so a peer that connects and then stalls delays no other; at most 16 peers
 * ({@code multiproc.maxUnauthenticated}) may be authenticating at once, a newcomer beyond that
 * closing the oldest. {@link #close()} deletes a Unix socket's file.
 */
public final class Listener implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Acceptor acceptor;
    private final SocketAddress address;

    private Listener(Acceptor acceptor, SocketAddress address) {
        this.acceptor = acceptor;
        this.address = address;
    }

    /**
     * Listens on a fresh Unix-domain socket in the process tree's runtime directory, default authkey.
     *
     * @return the open listener; its {@link #address()} is what clients connect to
     * @throws ConnectionException when the socket cannot be bound
     */
    public static Listener open() {
        Path path = JvmProcess.current().runtimeDir().resolve("l-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
        return open(UnixDomainSocketAddress.of(path));
    }

    /**
     * Listens on {@code address} with the default authkey ({@link Connections#authkey()}).
     *
     * @param address a {@code UnixDomainSocketAddress} (its socket file must not exist) or an
     *                {@code InetSocketAddress} (port 0 picks a free port, see {@link #address()})
     * @return the open listener; the caller closes it
     * @throws ConnectionException when the address is in use
     */
    public static Listener open(SocketAddress address) {
        return open(address, Connections.authkey());
    }

    /**
     * Listens on {@code address}; peers must hold {@code authkey}.
     *
     * @param address a {@code UnixDomainSocketAddress} (its socket file must not exist) or an
     *                {@code InetSocketAddress} (port 0 picks a free port, see {@link #address()})
     * @param authkey the shared secret peers must hold, at least one byte
     * @return the open listener; the caller closes it
     * @throws IllegalArgumentException for an empty key or an address of another type
     * @throws ConnectionException when the address is in use (a Unix socket file that exists, even
     *                             a stale one, is not replaced)
     */
    public static Listener open(SocketAddress address, byte[] authkey) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        Connections.checkKey(authkey);
        ServerSocketChannel server = null;
        try {
            Path socketFile = null;
            if (address instanceof UnixDomainSocketAddress) {
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                socketFile = ((UnixDomainSocketAddress) address).getPath();
            } else if (address instanceof InetSocketAddress) {
                server = ServerSocketChannel.open();
            } else {
                throw new IllegalArgumentException("unsupported address " + address + " (" + address.getClass().getName()
                        + "): use a UnixDomainSocketAddress or an InetSocketAddress");
            }
            server.bind(address, 16);
            SocketAddress bound = server.getLocalAddress();
            return new Listener(new Acceptor(server, socketFile, authkey, false, "listener " + bound), bound);
        } catch (BindException e) {
            closeQuietly(server);
            throw new ConnectionException("cannot listen on " + address + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(server);
            throw new ConnectionException("cannot listen on " + address + ": " + e, e);
        }
    }

    private static void closeQuietly(ServerSocketChannel server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // nothing bound
            }
        }
    }

    /**
     * Waits for the next peer and returns its authenticated connection.
     *
     * @return the peer's connection, open both ways; the caller closes it
     * @throws AuthenticationException when the next peer failed authentication
     * @throws IllegalStateException   when the listener is closed
     */
    public Connection accept() {
        return wrap(acceptor.take(-1));
    }

    /**
     * As {@link #accept()}, giving up after {@code timeout}.
     *
     * @param timeout how long to wait for a peer at most, not {@code null}; zero or negative only checks
     * @return the peer's connection, or {@code null} when no peer came in time
     * @throws AuthenticationException when the next peer failed authentication
     * @throws IllegalStateException   when the listener is closed
     */
    public Connection accept(Duration timeout) {
        FramedChannel channel = acceptor.take(Math.max(0, timeout.toNanos()));
        return channel == null ? null : wrap(channel);
    }

    private Connection wrap(FramedChannel channel) {
        return new Connection(channel, "connection accepted by " + this);
    }

    /**
     * The address clients connect to.
     *
     * @return the bound address, with the actual port when port 0 was asked for
     */
    public SocketAddress address() {
        return address;
    }

    /**
     * Tells whether this listener stopped listening.
     *
     * @return true once {@link #close()} was called
     */
    public boolean isClosed() {
        return acceptor.isClosed();
    }

    /** Stops listening and deletes the socket file; connections already accepted stay open. */
    @Override
    public void close() {
        acceptor.close(false);
    }

    /** For {@link Connections#wait}: true when {@link #accept()} would not wait. */
    boolean acceptReady() {
        if (acceptor.isClosed()) {
            throw new IllegalStateException(this + " is closed");
        }
        return acceptor.hasReady();
    }

    Acceptor acceptor() {
        return acceptor;
    }

    @Override
    public String toString() {
        return "Listener[" + address + "]";
    }
}
