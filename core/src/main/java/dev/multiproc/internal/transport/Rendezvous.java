package dev.multiproc.internal.transport;

import dev.multiproc.connection.ConnectionException;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * "Connect or listen" on a Unix-domain socket path shared by the two ends of a pipe: whichever end
 * comes first listens there, the second connects, and the two authenticate each other.
 *
 * <p>Outcomes of one attempt:
 * <ul>
 *   <li>connect succeeds: we are the second end; run the client handshake; {@link Outcome#channel}.</li>
 *   <li>no file: we are first; bind and listen there ({@link Outcome#acceptor}). If the bind finds
 *       the address in use, the peer bound it a moment ago: connect again.</li>
 *   <li>connection refused: either the peer is between {@code bind} and {@code listen} (a few
 *       microseconds) or the file is a tombstone of a peer that went away (closed or exited before
 *       we came, or was killed). After a short retry the file is deleted and the peer counts as
 *       gone ({@link Outcome#gone}): the caller reads end-of-file.</li>
 * </ul>
 */
public final class Rendezvous {
    /** Retries of a refused connect before the peer counts as gone: about 130 ms in all. */
    private static final int REFUSED_RETRIES = 8;

    private Rendezvous() {
    }

    /** The result of {@link #connectOrListen}: exactly one field is set. */
    public static final class Outcome {
        public final FramedChannel channel;
        public final Acceptor acceptor;
        public final String gone;

        private Outcome(FramedChannel channel, Acceptor acceptor, String gone) {
            this.channel = channel;
            this.acceptor = acceptor;
            this.gone = gone;
        }
    }

    public static Outcome connectOrListen(Path path, byte[] authkey, String description) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        int refused = 0;
        while (true) {
            try {
                SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    socket.connect(address);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
                FramedChannel channel = new FramedChannel(socket);
                Handshake.asClient(channel, authkey);
                return new Outcome(channel, null, null);
            } catch (ConnectException refusedByKernel) {
                if (++refused > REFUSED_RETRIES) {
                    deleteTombstone(path);
                    return new Outcome(null, null, "its rendezvous socket " + path.getFileName()
                            + " refuses connections: the process holding that end closed it or exited");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1L << Math.min(refused - 1, 6)));
            } catch (SocketException e) {
                if (!Files.exists(path) || String.valueOf(e.getMessage()).contains("No such file")) {
                    Acceptor acceptor = listen(path, authkey, description);
                    if (acceptor != null) {
                        return new Outcome(null, acceptor, null);
                    }
                    // the peer bound the address between our connect and our bind: connect again
                } else {
                    throw new ConnectionException("cannot connect " + description + " at " + path + ": " + e, e);
                }
            } catch (IOException e) {
                throw new ConnectionException("cannot connect " + description + " at " + path + ": " + e, e);
            }
        }
    }

    /** Binds and listens at {@code path}; null when the address is already taken. */
    private static Acceptor listen(Path path, byte[] authkey, String description) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(path), 1);
                return new Acceptor(server, path, authkey, true, description);
            } catch (BindException inUse) {
                server.close();
                return null;
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ConnectionException("cannot listen for the peer of " + description + " at " + path + ": " + e, e);
        }
    }

    private static void deleteTombstone(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // removed with the runtime directory at the latest
        }
    }
}
