package dev.multiproc.connection;

import dev.multiproc.SerializationException;
import dev.multiproc.internal.codec.StandardCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipes within one process: CPython's _TestConnection, _TestPoll (threads flavour) and more. */
class PipeTest {

    @Test
    void duplexPipeCarriesObjectsBothWays() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            a.send(List.of(1, 2.25, "x"));
            assertEquals(List.of(1, 2.25, "x"), b.recv());
            b.send(1729);
            assertEquals(1729, a.recv());
            b.send(null);
            assertNull(a.recv());
            a.send("typed");
            assertEquals("typed", b.recv(String.class));
            assertTrue(a.readable());
            assertTrue(a.writable());
            assertTrue(b.readable());
            assertTrue(b.writable());
        }
    }

    @Test
    void oneWayPipeRefusesTheWrongDirection() {
        try (Pipe pipe = Pipe.open(false)) {
            Connection reader = pipe.left();
            Connection writer = pipe.right();
            writer.send(1);
            assertEquals(1, reader.recv());
            assertTrue(reader.readable());
            assertFalse(reader.writable());
            assertFalse(writer.readable());
            assertTrue(writer.writable());
            IllegalStateException send = assertThrows(IllegalStateException.class, () -> reader.send(2));
            assertTrue(send.getMessage().contains("receiving end of a one-way pipe: it cannot send"), send.getMessage());
            IllegalStateException recv = assertThrows(IllegalStateException.class, writer::recv);
            assertTrue(recv.getMessage().contains("sending end of a one-way pipe: it cannot receive"), recv.getMessage());
            assertThrows(IllegalStateException.class, writer::poll);
            assertThrows(IllegalStateException.class, () -> reader.sendBytes(new byte[1]));
            assertThrows(IllegalStateException.class, writer::recvBytes);
        }
    }

    @Test
    void sendBytesHonoursOffsetAndSize() {
        byte[] msg = "abcdefghijklmnopqrstuvwxyz".getBytes();
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            a.sendBytes(msg);
            assertArrayEquals(msg, b.recvBytes());
            a.sendBytes(msg, 5);
            assertArrayEquals(Arrays.copyOfRange(msg, 5, 26), b.recvBytes());
            a.sendBytes(msg, 7, 8);
            assertArrayEquals(Arrays.copyOfRange(msg, 7, 15), b.recvBytes());
            a.sendBytes(msg, 26);
            assertArrayEquals(new byte[0], b.recvBytes());
            a.sendBytes(msg, 26, 0);
            assertArrayEquals(new byte[0], b.recvBytes());

            assertEquals("buffer length 26 < offset 27",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 27)).getMessage());
            assertEquals("buffer length 26 < offset 22 + size 5",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 22, 5)).getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 26, 1));
            assertEquals("offset is negative: -1",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, -1)).getMessage());
            assertEquals("size is negative: -1",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.sendBytes(msg, 4, -1)).getMessage());
            // nothing was sent by the failed calls
            a.sendBytes(msg, 25, 1);
            assertArrayEquals(new byte[] {'z'}, b.recvBytes());
            assertFalse(b.poll());
        }
    }

    @Test
    void recvBytesIntoFillsFromOffsetOrReportsBufferTooShort() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            a.sendBytes(new byte[] {1, 2, 3, 4});
            byte[] buffer = new byte[10];
            assertEquals(4, b.recvBytesInto(buffer));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 0}, buffer);

            a.sendBytes(new byte[] {1, 2, 3, 4});
            buffer = new byte[10];
            assertEquals(4, b.recvBytesInto(buffer, 3));
            assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3, 4, 0, 0, 0}, buffer);

            byte[] longMessage = "hello world".repeat(10).getBytes();
            a.sendBytes(longMessage);
            BufferTooShortException tooShort = assertThrows(BufferTooShortException.class, () -> b.recvBytesInto(new byte[40]));
            assertArrayEquals(longMessage, tooShort.message());
            assertEquals("buffer too short: the message has 110 bytes, the buffer has room for 40", tooShort.getMessage());

            assertThrows(IndexOutOfBoundsException.class, () -> b.recvBytesInto(new byte[4], 5));
            assertThrows(IndexOutOfBoundsException.class, () -> b.recvBytesInto(new byte[4], -1));
            // the connection still works after all of that
            a.send("after");
            assertEquals("after", b.recv());
        }
    }

    @Test
    void recvBytesWithMaxLengthRejectsALongerMessageAndClosesTheConnection() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            a.sendBytes(new byte[5]);
            assertEquals(5, b.recvBytes(5).length);
            assertThrows(IllegalArgumentException.class, () -> b.recvBytes(-1));
            a.sendBytes(new byte[6]);
            ConnectionException e = assertThrows(ConnectionException.class, () -> b.recvBytes(5));
            assertEquals("bad message length: the message has 6 bytes, more than the maximum of 5; the connection is closed",
                    e.getMessage());
            assertTrue(b.isClosed());
            assertThrows(IllegalStateException.class, b::recv);
            assertThrows(ConnectionClosedException.class, a::recv);
        }
    }

    @Test
    void pollWithAndWithoutTimeout() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            long t0 = System.nanoTime();
            assertFalse(a.poll());
            assertFalse(a.poll(Duration.ofMillis(-1)));
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500), "poll() must not wait");
            t0 = System.nanoTime();
            assertFalse(a.poll(Duration.ofMillis(200)));
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(195), "poll(200 ms) returned after " + waited + " ns");
            b.send(null);
            t0 = System.nanoTime();
            assertTrue(a.poll(Duration.ofSeconds(10)));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
            assertTrue(a.poll());
            assertTrue(a.poll(null));
            assertNull(a.recv());
            assertFalse(a.poll());
        }
    }

    @Test
    void pollSeesEmptyMessagesAndKeepsBoundaries() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            assertFalse(a.poll());
            b.sendBytes(new byte[0]);
            assertTrue(a.poll());
            assertTrue(a.poll());
            b.sendBytes(new byte[] {'a'});
            b.sendBytes(new byte[] {'b'});
            b.sendBytes(new byte[] {'c', 'd'});
            assertArrayEquals(new byte[0], a.recvBytes());
            assertArrayEquals(new byte[] {'a'}, a.recvBytes());
            assertTrue(a.poll(Duration.ofSeconds(1)));
            assertArrayEquals(new byte[] {'b'}, a.recvBytes());
            assertTrue(a.poll(Duration.ZERO));
            assertArrayEquals(new byte[] {'c', 'd'}, a.recvBytes());
            assertFalse(a.poll());
        }
    }

    @Test
    void pollWakesWhenAnotherThreadSends() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            a.send("connect both ends first");
            b.recv();
            CompletableFuture<Boolean> polled = CompletableFuture.supplyAsync(() -> a.poll(Duration.ofSeconds(60)));
            b.send("wake");
            assertTrue(polled.get(60, TimeUnit.SECONDS));
            assertEquals("wake", a.recv());
        }
    }

    @Test
    void sixteenMebibyteMessageArrivesWhole() throws Exception {
        byte[] big = new byte[16 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 13));
        }
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            // the socket buffer is far smaller than the message: receive while sending
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(b::recvBytes);
            a.sendBytes(big);
            assertArrayEquals(big, received.get(60, TimeUnit.SECONDS));
            CompletableFuture<Object> object = CompletableFuture.supplyAsync(a::recv);
            b.send(big);
            assertArrayEquals(big, (byte[]) object.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void peerCloseIsEndOfFileAfterPendingMessages() {
        Pipe pipe = Pipe.open();
        Connection a = pipe.left();
        Connection b = pipe.right();
        b.send("last words");
        b.sendBytes(new byte[0]);
        b.close();
        assertTrue(b.isClosed());
        assertEquals("last words", a.recv());
        assertArrayEquals(new byte[0], a.recvBytes());
        assertTrue(a.poll(), "end-of-file counts as ready");
        assertThrows(ConnectionClosedException.class, a::recv);
        assertThrows(ConnectionClosedException.class, a::recvBytes);
        assertThrows(ConnectionClosedException.class, () -> a.send("nobody there"));
        a.close();
    }

    @Test
    void otherEndClosedBeforeUseIsEndOfFile() {
        Pipe pipe = Pipe.open();
        pipe.right().close();
        ConnectionClosedException e = assertThrows(ConnectionClosedException.class, pipe.left()::recv);
        assertTrue(e.getMessage().contains("closed before either end was used"), e.getMessage());
        assertTrue(pipe.left().poll());
        assertThrows(ConnectionClosedException.class, () -> pipe.left().send(1));
        pipe.close();
    }

    @Test
    void closedConnectionRefusesUseAndClosingTwiceIsHarmless() {
        Pipe pipe = Pipe.open();
        Connection a = pipe.left();
        Connection b = pipe.right();
        a.send(1729);
        assertEquals(1729, b.recv());
        assertFalse(a.isClosed());
        pipe.close();
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, a::recv);
        assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> b.send(1));
        assertThrows(IllegalStateException.class, b::poll);
        a.close();
    }

    @Test
    void anEndWhosePeerWasUsedHereIsRelayedToItsReceiver() {
        try (Pipe pipe = Pipe.open()) {
            pipe.left().send("used here");
            byte[] sent = StandardCodec.INSTANCE.encode(pipe.right());
            Connection received = (Connection) StandardCodec.INSTANCE.decode(sent, 0, sent.length);
            assertEquals("used here", received.recv());
            received.send("back");
            assertEquals("back", pipe.left().recv());
            received.close();
            assertThrows(ConnectionClosedException.class, pipe.left()::recv);
            SerializationException e = assertThrows(SerializationException.class,
                    () -> StandardCodec.INSTANCE.encode(pipe.left()));
            assertTrue(e.getMessage().contains("already connected in this process"), e.getMessage());
        }
    }

    @Test
    void aClosedEndCannotBeSentAway() {
        try (Pipe pipe = Pipe.open()) {
            pipe.left().close();
            SerializationException e = assertThrows(SerializationException.class,
                    () -> StandardCodec.INSTANCE.encode(pipe.left()));
            assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        }
    }

    @Test
    void anEndSentAndReceivedInTheSameProcessStillReachesItsPeer() {
        try (Pipe pipe = Pipe.open()) {
            Connection copy = (Connection) StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(pipe.right()));
            try {
                copy.send("through the rendezvous");
                assertEquals("through the rendezvous", pipe.left().recv());
                pipe.left().send(42);
                assertEquals(42, copy.recv());
            } finally {
                copy.close();
            }
        }
    }

    @Test
    void toStringNamesTheEndAndItsDirection() {
        try (Pipe pipe = Pipe.open(false)) {
            assertTrue(pipe.left().toString().matches("Connection\\[end 0 of pipe [0-9a-f]+ \\(UNBOUND\\), receive only]"),
                    pipe.left().toString());
            assertTrue(pipe.right().toString().contains("send only"), pipe.right().toString());
        }
    }
}
