package dev.multiproc.connection;

import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Connects to a {@link Listener}: Python's {@code multiprocessing.connection.Client}.
 *
 * <pre>{@code
 * try (Connection c = Client.connect(UnixDomainSocketAddress.of("/tmp/multiproc-4121-ab/l-1f"))) {
 *     c.send(List.of(1, 2, 3));
 *     System.out.println(c.recv());
 * }
 * }</pre>
 */
public final class Client {
    private Client() {
    }

    /**
     * Connects with the default authkey ({@link Connections#authkey()}).
     *
     * @param address a {@code UnixDomainSocketAddress} or an {@code InetSocketAddress} where a {@link Listener} listens
     * @return the authenticated connection, open both ways; the caller closes it
     * @throws AuthenticationException when the listener holds another key
     * @throws ConnectionException     when nobody listens there
     */
    public static Connection connect(SocketAddress address) {
        return connect(address, Connections.authkey());
    }

    /**
     * Connects to the listener at {@code address} and authenticates both ways with {@code authkey}.
     *
     * @param address a {@code UnixDomainSocketAddress} or an {@code InetSocketAddress} where a {@link Listener} listens
     * @param authkey the shared secret, at least one byte; the listener must hold the same
     * @return the authenticated connection, open both ways; the caller closes it
     * @throws IllegalArgumentException for an empty key or an address of another type
     * @throws AuthenticationException when the listener holds another key
     * @throws ConnectionException     when nobody listens there
     */
    public static Connection connect(SocketAddress address, byte[] authkey) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        Connections.checkKey(authkey);
        SocketChannel socket;
        try {
            if (address instanceof UnixDomainSocketAddress) {
                socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            } else if (address instanceof InetSocketAddress) {
                socket = SocketChannel.open();
            } else {
                throw new IllegalArgumentException("unsupported address " + address + " (" + address.getClass().getName()
                        + "): use a UnixDomainSocketAddress or an InetSocketAddress");
            }
        } catch (IOException e) {
            throw new ConnectionException("cannot open a socket for " + address + ": " + e, e);
        }
        try {
            if (address instanceof InetSocketAddress) {
                // a host that drops our SYNs would otherwise hold the caller for the kernel's
                // retries (about two minutes on Linux): the handshake's deadline bounds it too
                long seconds = Handshake.timeoutSeconds();
                try {
                    socket.socket().connect(address, (int) TimeUnit.SECONDS.toMillis(seconds));
                } catch (SocketTimeoutException e) {
                    throw new SocketTimeoutException("no answer within " + seconds
                            + " s (multiproc.handshakeSeconds)");
                }
                socket.socket().setTcpNoDelay(true);
            } else {
                socket.connect(address);
            }
            FramedChannel channel = new FramedChannel(socket);
            Handshake.asClient(channel, authkey);
            return new Connection(channel, "client connection to " + address);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // never connected
            }
            throw new ConnectionException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }
}
