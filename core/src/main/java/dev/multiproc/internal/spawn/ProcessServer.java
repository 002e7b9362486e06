package dev.multiproc.internal.spawn;

import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.internal.wire.FrameReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Unix-domain socket on which this JVM's children call back after they start.
 *
 * <p>Each child presents the token its parent gave it on stdin; the connection is matched to the
 * waiting {@link SpawnedChild} only after the mutual HMAC handshake, so a stranger who guesses a
 * token gets nothing. Handshakes run on a small pool so that one slow peer does not hold up others.
 */
final class ProcessServer {
    private static volatile ProcessServer instance;

    private final Path path;
    private final ServerSocketChannel server;
    private final Map<Long, CompletableFuture<FramedChannel>> pending = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong(System.nanoTime() & 0xffffffffL);
    private final ExecutorService handshakes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "multiproc-handshake");
        t.setDaemon(true);
        return t;
    });

    private ProcessServer(JvmProcess jvm) throws IOException {
        this.path = socketPath(jvm.runtimeDir(), jvm.pid());
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        jvm.atExit(this::close);
        Thread acceptor = new Thread(this::acceptLoop, "multiproc-process-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ProcessServer get() {
        ProcessServer s = instance;
        if (s == null) {
            synchronized (ProcessServer.class) {
                if (instance == null) {
                    try {
                        instance = new ProcessServer(JvmProcess.current());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open the socket children connect back to", e);
                    }
                }
                s = instance;
            }
        }
        return s;
    }

    /** Where the process {@code pid} of a tree listens for its own children. */
    static Path socketPath(Path runtimeDir, long pid) {
        return runtimeDir.resolve("s-" + pid);
    }

    Path path() {
        return path;
    }

    /** Reserves a token; the future completes with the authenticated channel of the child that presents it. */
    long expect(CompletableFuture<FramedChannel> connection) {
        long token = tokens.incrementAndGet();
        pending.put(token, connection);
        return token;
    }

    /**
     * Drops the reservation of {@code token}; false when a connection that presented it has taken
     * it already (its admission completes the future).
     */
    boolean forget(long token) {
        return pending.remove(token) != null;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return; // closed at exit
            }
            handshakes.execute(() -> admit(channel));
        }
    }

    private void admit(SocketChannel socket) {
        FramedChannel channel = null;
        try {
            channel = new FramedChannel(socket);
            Handshake.challengeOnly(channel, JvmProcess.current().authkey());
            byte[] hello = channel.read(Long.BYTES);
            long token = new FrameReader(hello, "hello").getLong();
            java.util.function.Consumer<FramedChannel> service = ServiceSocket.handler(token);
            if (service != null) {
                service.accept(channel);
                return;
            }
            CompletableFuture<FramedChannel> waiting = pending.remove(token);
            if (waiting == null || !waiting.complete(channel)) {
                channel.close();
            }
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            } else {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    /**
     * Closes this JVM's socket if it has one, before a halt that skips the exit hooks (an orphan,
     * or a dismissed standby child that opened one to train).
     */
    static void closeIfOpen() {
        ProcessServer s = instance;
        if (s != null) {
            s.close();
        }
    }

    private void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // exiting anyway
        }
        handshakes.shutdownNow();
    }
}
