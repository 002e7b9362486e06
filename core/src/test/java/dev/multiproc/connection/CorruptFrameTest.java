package dev.multiproc.connection;

import dev.multiproc.SerializationException;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw bytes written to an authenticated connection: a corrupt frame closes that connection with a
 * CorruptFrameException; the listener and the other connections keep working.
 */
class CorruptFrameTest {
    private Listener listener;
    private Connection healthyClient;
    private Connection healthyServed;

    @BeforeEach
    void listen() {
        listener = Listener.open();
        healthyClient = Client.connect(listener.address());
        healthyServed = listener.accept();
    }

    @AfterEach
    void close() {
        healthyClient.close();
        healthyServed.close();
        listener.close();
    }

    /** A client that authenticates properly and then hands back the raw socket. */
    private SocketChannel rawAuthenticatedClient() throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect((UnixDomainSocketAddress) listener.address());
        Handshake.asClient(new FramedChannel(socket), JvmProcess.current().authkey());
        return socket;
    }

    private static void writeRaw(SocketChannel socket, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            socket.write(bytes);
        }
    }

    private void assertOthersStillWork() {
        healthyClient.send("still here");
        assertEquals("still here", healthyServed.recv());
        try (Connection another = Client.connect(listener.address()); Connection served = listener.accept()) {
            another.send(42);
            assertEquals(42, served.recv());
        }
    }

    @Test
    void negativeLengthClosesTheConnection() throws IOException {
        try (SocketChannel raw = rawAuthenticatedClient(); Connection served = listener.accept()) {
            writeRaw(raw, ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, 'g', 'a', 'r', 'b'}));
            CorruptFrameException e = assertThrows(CorruptFrameException.class, served::recv);
            assertEquals("corrupt frame: length -1 is outside 0.." + FramedChannel.MAX_ARRAY_FRAME
                    + "; the connection is closed", e.getMessage());
            assertThrows(ConnectionClosedException.class, served::recv);
        }
        assertOthersStillWork();
    }

    @Test
    void lengthBeyondAnyArrayClosesTheConnection() throws IOException {
        try (SocketChannel raw = rawAuthenticatedClient(); Connection served = listener.accept()) {
            writeRaw(raw, ByteBuffer.allocate(16).putLong(5L << 30).putLong(0).flip());
            CorruptFrameException e = assertThrows(CorruptFrameException.class, served::recvBytes);
            assertTrue(e.getMessage().contains("length 5368709120 is outside"), e.getMessage());
        }
        assertOthersStillWork();
    }

    @Test
    void peerStoppingInTheMiddleOfAMessageIsCorruptNotEndOfFile() throws IOException {
        try (Connection served = acceptAfter(ByteBuffer.allocate(18).putLong(100).put(new byte[10]).flip())) {
            CorruptFrameException e = assertThrows(CorruptFrameException.class, served::recvBytes);
            assertEquals("the peer closed in the middle of a 100-byte message after 10 bytes", e.getMessage());
        }
        try (Connection served = acceptAfter(ByteBuffer.wrap(new byte[] {0, 0, 0}))) {
            CorruptFrameException e = assertThrows(CorruptFrameException.class, served::recvBytes);
            assertEquals("the peer closed in the middle of a frame header (3 of 8 bytes)", e.getMessage());
        }
        assertOthersStillWork();
    }

    /** Writes {@code bytes} from a raw client that then disconnects; returns the served connection. */
    private Connection acceptAfter(ByteBuffer bytes) throws IOException {
        try (SocketChannel raw = rawAuthenticatedClient()) {
            writeRaw(raw, bytes);
        }
        return listener.accept();
    }

    @Test
    void wellFramedGarbageFailsToDecodeButKeepsTheConnection() throws IOException {
        try (SocketChannel raw = rawAuthenticatedClient(); Connection served = listener.accept()) {
            writeRaw(raw, ByteBuffer.allocate(8 + 3 + 8 + 2).putLong(3).put(new byte[] {99, 1, 2})
                    .putLong(2).put(new byte[] {7, 7}).flip());
            SerializationException e = assertThrows(SerializationException.class, served::recv);
            assertTrue(e.getMessage().contains("unknown type tag 99"), e.getMessage());
            assertArrayEquals(new byte[] {7, 7}, served.recvBytes());
        }
        assertOthersStillWork();
    }

    @Test
    void garbageInsteadOfTheHandshakeIsAnAuthenticationFailure() throws IOException {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect((UnixDomainSocketAddress) listener.address());
            writeRaw(raw, ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()));
            AuthenticationException e = assertThrows(AuthenticationException.class, listener::accept);
            assertTrue(e.getMessage().startsWith("authentication failed"), e.getMessage());
        }
        assertOthersStillWork();
    }
}
