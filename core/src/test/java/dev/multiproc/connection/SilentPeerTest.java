package dev.multiproc.connection;

import dev.multiproc.internal.runtime.JvmProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that connects and then sends part of a frame, or nothing, holds up neither a listener's
 * other clients nor a client: the handshake has one deadline for the whole exchange, listeners
 * authenticate off their accept thread, and unauthenticated connections are bounded.
 */
class SilentPeerTest {
    private static final byte[] PART_OF_A_HEADER = {0, 0, 0};

    @Test
    void aPeerStuckInTheHandshakeDoesNotHoldUpTheNextClient() throws Exception {
        assertGoodClientGetsThroughPast(1);
    }

    @Test
    void aFloodOfSilentPeersDoesNotHoldUpTheNextClient() throws Exception {
        assertGoodClientGetsThroughPast(40);
    }

    @Test
    void aTcpConnectToAHostThatNeverAnswersGivesUpAtTheHandshakeDeadline() throws Exception {
        String before = System.getProperty("multiproc.handshakeSeconds");
        System.setProperty("multiproc.handshakeSeconds", "2");
        List<Socket> backlog = new ArrayList<>();
        // a listener that never accepts, its backlog full: the kernel drops further SYNs, as a
        // firewalled or vanished host does, and a connect waits for an answer that never comes
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            while (backlog.size() < 16 && fillsBacklog(address, backlog)) {
                // one more queued connection
            }
            long start = System.nanoTime();
            ConnectionException e = assertThrows(ConnectionException.class, () -> Client.connect(address).close());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(e.getMessage().contains("no answer within 2 s"), e.getMessage());
            assertTrue(seconds < 30, "gave up after " + seconds + " s");
        } finally {
            for (Socket s : backlog) {
                s.close();
            }
            restore(before);
        }
    }

    /** Connects one more socket that the server will not accept; false once connects stall. */
    private static boolean fillsBacklog(InetSocketAddress address, List<Socket> backlog) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, 500);
            backlog.add(socket);
            return true;
        } catch (SocketTimeoutException full) {
            socket.close();
            return false;
        }
    }

    @Test
    void connectGivesUpOnAServerThatStallsMidFrame() throws Exception {
        Path path = JvmProcess.current().runtimeDir().resolve("l-stall");
        String before = System.getProperty("multiproc.handshakeSeconds");
        System.setProperty("multiproc.handshakeSeconds", "2");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Connection> client = CompletableFuture.supplyAsync(
                    () -> Client.connect(UnixDomainSocketAddress.of(path)));
            try (SocketChannel stalling = server.accept()) {
                stalling.write(ByteBuffer.wrap(PART_OF_A_HEADER));
                ExecutionException failed = assertThrows(ExecutionException.class, () -> client.get(30, TimeUnit.SECONDS));
                assertInstanceOf(AuthenticationException.class, failed.getCause());
                assertTrue(failed.getCause().getMessage().contains("within the handshake's 2 s"), failed.getCause().getMessage());
            }
        } finally {
            restore(before);
            Files.deleteIfExists(path);
        }
    }

    @Test
    void aServerThatHangsUpBeforeJudgingOurKeyIsAClosedConnectionNotAnAuthenticationFailure() throws Exception {
        Path path = JvmProcess.current().runtimeDir().resolve("l-hangup");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Connection> client = CompletableFuture.supplyAsync(
                    () -> Client.connect(UnixDomainSocketAddress.of(path)));
            server.accept().close(); // as a manager that is shutting down: accepted, then gone
            ExecutionException failed = assertThrows(ExecutionException.class, () -> client.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionClosedException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("during the authentication handshake"),
                    failed.getCause().getMessage());
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static void assertGoodClientGetsThroughPast(int silentPeers) throws Exception {
        try (Listener listener = Listener.open()) {
            List<SocketChannel> silent = connectSilently(listener, silentPeers);
            try {
                assertGoodClientGetsThrough(listener);
            } finally {
                closeAll(silent);
            }
        }
    }

    private static void assertGoodClientGetsThrough(Listener listener) throws Exception {
        CompletableFuture<Connection> client = CompletableFuture.supplyAsync(() -> Client.connect(listener.address()));
        try (Connection served = listener.accept(Duration.ofSeconds(10));
             Connection connected = client.get(10, TimeUnit.SECONDS)) {
            assertNotNull(served, "the good client was not accepted within 10 s");
            connected.send("through");
            assertTrue(served.poll(Duration.ofSeconds(10)));
            org.junit.jupiter.api.Assertions.assertEquals("through", served.recv());
        }
    }

    private static List<SocketChannel> connectSilently(Listener listener, int count) throws IOException {
        List<SocketChannel> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SocketChannel peer = SocketChannel.open(listener.address());
            peers.add(peer);
            peer.write(ByteBuffer.wrap(PART_OF_A_HEADER));
        }
        return peers;
    }

    private static void closeAll(List<SocketChannel> peers) throws IOException {
        for (SocketChannel peer : peers) {
            peer.close();
        }
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty("multiproc.handshakeSeconds");
        } else {
            System.setProperty("multiproc.handshakeSeconds", before);
        }
    }
}
