package dev.multiproc.connection;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.runtime.JvmProcess;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPython's _TestListener and _TestListenerClient, plus authentication. */
class ListenerClientTest {
    private static final Duration JOIN = Duration.ofSeconds(60);

    private static List<SocketAddress> families() {
        return List.of(UnixDomainSocketAddress.of(JvmProcess.current().runtimeDir().resolve("l-test")),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Test
    void clientAndListenerInTheSameThread() {
        for (SocketAddress family : families()) {
            try (Listener listener = Listener.open(family);
                 Connection client = Client.connect(listener.address());
                 Connection served = listener.accept()) {
                client.send(1729);
                assertEquals(1729, served.recv());
                served.sendBytes("hello".getBytes());
                assertTrue(client.poll(Duration.ofSeconds(1)));
                assertArrayEquals("hello".getBytes(), client.recvBytes());
            }
        }
    }

    @Test
    void tcpListenerReportsTheChosenPort() {
        try (Listener listener = Listener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress address = (InetSocketAddress) listener.address();
            assertNotEquals(0, address.getPort());
            assertTrue(address.getAddress().isLoopbackAddress());
        }
    }

    @Test
    void defaultListenerLivesInTheRuntimeDirectoryAndCloseDeletesIt() {
        Listener listener = Listener.open();
        Path path = ((UnixDomainSocketAddress) listener.address()).getPath();
        assertEquals(JvmProcess.current().runtimeDir(), path.getParent());
        assertTrue(Files.exists(path));
        listener.close();
        assertFalse(Files.exists(path));
        assertTrue(listener.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, listener::accept);
        assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
        listener.close();
    }

    @Test
    void secondListenerOnTheSameAddressFails() {
        for (SocketAddress family : families()) {
            try (Listener first = Listener.open(family)) {
                ConnectionException e = assertThrows(ConnectionException.class, () -> Listener.open(first.address()));
                assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
            }
        }
    }

    @Test
    void acceptWithTimeoutReturnsNullWhenNobodyCame() {
        try (Listener listener = Listener.open()) {
            long t0 = System.nanoTime();
            assertNull(listener.accept(Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - t0 >= 95_000_000L);
        }
    }

    static void sendHello(SocketAddress address) {
        try (Connection conn = Client.connect(address)) {
            conn.send("hello");
        }
    }

    @Test
    void clientInAChildProcess() {
        for (SocketAddress family : families()) {
            try (Listener listener = Listener.open(family)) {
                ChildProcess p = new ChildProcess(ListenerClientTest::sendHello, listener.address());
                p.start();
                try (Connection conn = listener.accept()) {
                    assertEquals("hello", conn.recv());
                    assertThrows(ConnectionClosedException.class, conn::recv);
                }
                assertTrue(p.join(JOIN));
                assertEquals(0, p.exitCode());
            }
        }
    }

    @Test
    void clientThatFinishedBeforeAcceptIsStillReceived() {
        try (Listener listener = Listener.open()) {
            ChildProcess p = new ChildProcess(ListenerClientTest::sendHello, listener.address());
            p.start();
            assertTrue(p.join(JOIN));
            try (Connection conn = listener.accept()) {
                assertEquals("hello", conn.recv());
            }
        }
    }

    @Test
    void wrongAuthkeyFailsOnBothSidesBeforeAnyData() throws Exception {
        byte[] wrong = new byte[32];
        wrong[0] = 1;
        try (Listener listener = Listener.open()) {
            AuthenticationException clientSide = assertThrows(AuthenticationException.class,
                    () -> Client.connect(listener.address(), wrong));
            assertTrue(clientSide.getMessage().contains("rejected our authkey"), clientSide.getMessage());
            AuthenticationException serverSide = assertThrows(AuthenticationException.class, listener::accept);
            assertTrue(serverSide.getMessage().contains("answer to the authentication challenge is wrong"),
                    serverSide.getMessage());
            // the listener keeps working for a peer with the right key
            try (Connection good = Client.connect(listener.address()); Connection served = listener.accept()) {
                good.send("fine");
                assertEquals("fine", served.recv());
            }
        }
        try (Listener strict = Listener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), wrong)) {
            assertThrows(AuthenticationException.class, () -> Client.connect(strict.address()));
            assertThrows(AuthenticationException.class, strict::accept);
        }
    }

    static void connectWithDefaultKey(SocketAddress address) {
        try {
            Client.connect(address).close();
            System.exit(3);
        } catch (AuthenticationException expected) {
            System.exit(7);
        }
    }

    @Test
    void childWithTheTreeKeyIsRejectedByAListenerWithAnotherKey() {
        byte[] other = new byte[32];
        other[31] = 9;
        try (Listener listener = Listener.open(UnixDomainSocketAddress.of(JvmProcess.current().runtimeDir().resolve("l-key")),
                other)) {
            ChildProcess p = new ChildProcess(ListenerClientTest::connectWithDefaultKey, listener.address());
            p.start();
            assertThrows(AuthenticationException.class, listener::accept);
            assertTrue(p.join(JOIN));
            assertEquals(7, p.exitCode());
        }
    }

    @Test
    void defaultAuthkeyIsTheTreeKeyAndCanBeReplaced() {
        assertArrayEquals(JvmProcess.current().authkey(), Connections.authkey());
        byte[] copy = Connections.authkey();
        copy[0] ^= 1;
        assertArrayEquals(JvmProcess.current().authkey(), Connections.authkey(), "authkey() returns a copy");
        byte[] mine = "my own secret".getBytes();
        Connections.setAuthkey(mine);
        try {
            assertArrayEquals(mine, Connections.authkey());
            try (Listener listener = Listener.open()) {
                assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(), JvmProcess.current().authkey()));
                assertThrows(AuthenticationException.class, listener::accept);
                try (Connection c = Client.connect(listener.address()); Connection s = listener.accept()) {
                    c.send(1);
                    assertEquals(1, s.recv());
                }
            }
        } finally {
            Connections.setAuthkey(JvmProcess.current().authkey());
        }
        assertThrows(IllegalArgumentException.class, () -> Connections.setAuthkey(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Listener.open(
                UnixDomainSocketAddress.of(JvmProcess.current().runtimeDir().resolve("l-empty")), new byte[0]));
        assertFalse(Files.exists(JvmProcess.current().runtimeDir().resolve("l-empty")));
    }

    @Test
    void connectionsFromAListenerCannotBeSentAway() {
        try (Listener listener = Listener.open(); Connection c = Client.connect(listener.address());
             Connection s = listener.accept()) {
            ChildProcess p = new ChildProcess(ListenerClientTest::ignore, c);
            Exception e = assertThrows(RuntimeException.class, p::start);
            assertTrue(e.getMessage().contains("only Pipe ends can"), e.getMessage());
        }
    }

    static void ignore(Connection c) {
    }

    @Test
    void clientToAnAddressWithoutListenerFails() {
        Path nobody = JvmProcess.current().runtimeDir().resolve("l-nobody");
        ConnectionException e = assertThrows(ConnectionException.class, () -> Client.connect(UnixDomainSocketAddress.of(nobody)));
        assertTrue(e.getMessage().startsWith("cannot connect to " + nobody), e.getMessage());
    }

    @Test
    void acceptBlockedInAnotherThreadEndsWhenTheListenerCloses() throws Exception {
        Listener listener = Listener.open();
        CompletableFuture<Connection> accepting = CompletableFuture.supplyAsync(listener::accept);
        assertFalse(accepting.isDone());
        listener.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> accepting.get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}
