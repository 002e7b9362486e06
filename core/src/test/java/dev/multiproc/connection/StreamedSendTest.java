package dev.multiproc.connection;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages sent back to back are combined into fewer writes (see the transport's write-behind):
 * none may be lost, reordered, torn or delayed past a close, a join or a reply.
 */
class StreamedSendTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** Message {@code i}: its index in the first 4 bytes, then bytes derived from it. */
    static byte[] message(int i) {
        return message(i, i % 97 == 0 ? 40_000 + i % 1000 : i % 3000); // some larger than a combined batch
    }

    static byte[] message(int i, int size) {
        byte[] m = new byte[Math.max(4, size)];
        m[0] = (byte) (i >>> 24);
        m[1] = (byte) (i >>> 16);
        m[2] = (byte) (i >>> 8);
        m[3] = (byte) i;
        for (int k = 4; k < m.length; k++) {
            m[k] = (byte) (i * 31 + k);
        }
        return m;
    }

    private static void stream(Connection to, int n) {
        for (int i = 0; i < n; i++) {
            to.sendBytes(message(i));
        }
    }

    private static void expectStream(Connection from, int n) {
        for (int i = 0; i < n; i++) {
            assertArrayEquals(message(i), from.recvBytes(), "message " + i);
        }
    }

    @Test
    void streamedMessagesArriveWholeAndInOrder() {
        int n = 20_000;
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> stream(a, n));
            assertTimeoutPreemptively(LIMIT, () -> expectStream(b, n));
            sender.join();
        }
    }

    @Test
    void concurrentSendersNeverInterleaveAMessage() {
        int threads = 4;
        int each = 5_000;
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < each; i++) {
                        a.sendBytes(message(base + i));
                    }
                }));
            }
            int[] next = new int[threads];
            assertTimeoutPreemptively(LIMIT, () -> {
                for (int k = 0; k < threads * each; k++) {
                    byte[] m = b.recvBytes();
                    int i = ((m[0] & 0xff) << 24) | ((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff);
                    int t = i / each;
                    assertEquals(t * each + next[t], i, "messages of one sender keep their order");
                    assertArrayEquals(message(i), m, "message " + i);
                    next[t]++;
                }
            });
            senders.forEach(CompletableFuture::join);
        }
    }

    @Test
    void closeDeliversEverythingSentBeforeIt() {
        int n = 5_000;
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                stream(a, n);
                a.close();
            });
            assertTimeoutPreemptively(LIMIT, () -> {
                expectStream(b, n);
                assertThrows(ConnectionClosedException.class, b::recvBytes);
            });
            sender.join();
        }
    }

    @Test
    void aReplyAfterAStreamIsNotHeldBack() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                Object x;
                while ((x = b.recv()) != null) {
                    if ("?".equals(x)) {
                        b.send("!");
                    }
                }
            });
            assertTimeoutPreemptively(LIMIT, () -> {
                for (int round = 0; round < 200; round++) {
                    for (int i = 0; i < 50; i++) {
                        a.send(i); // a stream: combined
                    }
                    a.send("?"); // the question ends the stream; its answer must come
                    assertEquals("!", a.recv());
                }
                a.send(null);
            });
            echo.join();
        }
    }

    @Test
    void sendingToAClosedPeerFailsFast() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            a.sendBytes(new byte[10]);
            b.recvBytes();
            b.close();
            ConnectionException failure = assertTimeoutPreemptively(LIMIT, () -> assertThrows(ConnectionException.class, () -> {
                for (int i = 0; i < 10_000_000; i++) {
                    a.sendBytes(new byte[100]);
                }
            }));
            assertTrue(failure instanceof ConnectionClosedException, failure.toString());
        }
    }

    /** In the child: stream {@code n} messages and return without closing the connection. */
    static void streamAndLeave(Connection conn, Integer n) {
        for (int i = 0; i < n; i++) {
            conn.sendBytes(message(i, i % 200)); // small: all of them fit in the socket's buffer
        }
    }

    @Test
    void aChildsStreamedMessagesAreAllReadableAfterItsJoin() throws Exception {
        int n = 300;
        try (Pipe pipe = Pipe.open(false)) {
            Connection reader = pipe.left();
            Connection writer = pipe.right();
            ChildProcess child = new ChildProcess(StreamedSendTest::streamAndLeave, writer, n);
            child.start();
            // join first: what the child buffered must have been written before it reported its exit
            assertTrue(child.join(Duration.ofSeconds(60)), "child exits");
            assertEquals(0, child.exitCode());
            for (int i = 0; i < n; i++) {
                assertTrue(reader.poll(Duration.ZERO), "message " + i + " is there without waiting");
                assertArrayEquals(message(i, i % 200), reader.recvBytes(), "message " + i);
            }
            assertThrows(ConnectionClosedException.class, reader::recvBytes);
            child.close();
        }
    }

    @Test
    void anIdleWriterThreadEnds() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            for (int i = 0; i < 100; i++) {
                a.sendBytes(message(i));
            }
            for (int i = 0; i < 100; i++) {
                b.recvBytes();
            }
            assertTrue(!writerThreads().isEmpty(), "a stream of sends starts a writer thread");
            for (Thread writer : writerThreads()) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertEquals(List.of(), writerThreads(), "the writer thread of an idle connection ends");
        }
    }

    private static List<Thread> writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("multiproc-connection-writer") && t.isAlive())
                .toList();
    }
}
