package dev.multiproc.connection;

import dev.multiproc.ChildProcess;
import dev.multiproc.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipe ends passed to child JVMs: CPython's _TestConnection and _TestPoll with processes. */
class PipeChildTest {
    private static final Duration JOIN = Duration.ofSeconds(60);
    private static final byte[] SENTINEL = "STOP".getBytes();

    /** CPython's _echo: returns every message until the sentinel. */
    static void echo(Connection conn) {
        while (true) {
            byte[] message = conn.recvBytes();
            if (Arrays.equals(message, SENTINEL)) {
                break;
            }
            conn.sendBytes(message);
        }
        conn.close();
    }

    static void join(ChildProcess p) {
        assertTrue(p.join(JOIN), p + " did not exit");
    }

    @Test
    void echoChildReturnsObjectsBytesAndABigMessage() {
        Pipe pipe = Pipe.open();
        Connection conn = pipe.left();
        Connection childConn = pipe.right();
        ChildProcess p = new ChildProcess(PipeChildTest::echo, childConn);
        p.setDaemon(true);
        p.start();

        conn.send(List.of(1, 2.25, "x"));
        assertEquals(List.of(1, 2.25, "x"), conn.recv());
        conn.sendBytes("hello world".getBytes());
        assertArrayEquals("hello world".getBytes(), conn.recvBytes());

        byte[] buffer = new byte[10];
        conn.sendBytes(new byte[] {1, 2, 3, 4});
        assertEquals(4, conn.recvBytesInto(buffer, 3));
        assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3, 4, 0, 0, 0}, buffer);
        byte[] longMessage = "hello world".repeat(10).getBytes();
        conn.sendBytes(longMessage);
        assertArrayEquals(longMessage, assertThrows(BufferTooShortException.class,
                () -> conn.recvBytesInto(new byte[40])).message());

        assertFalse(conn.poll());
        long t0 = System.nanoTime();
        assertFalse(conn.poll(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - t0 >= 95_000_000L);
        conn.send(null);
        assertTrue(conn.poll(Duration.ofSeconds(30)));
        assertEquals(null, conn.recv());

        byte[] big = new byte[16 * 1024 * 1024];
        Arrays.fill(big, (byte) 'X');
        big[big.length - 1] = 'Y';
        conn.sendBytes(big);
        assertArrayEquals(big, conn.recvBytes());

        conn.sendBytes(SENTINEL);
        childConn.close();
        assertTrue(conn.readable());
        assertTrue(conn.writable());
        assertThrows(ConnectionClosedException.class, conn::recv);
        assertThrows(ConnectionClosedException.class, conn::recvBytes);
        join(p);
        assertEquals(0, p.exitCode());
        conn.close();
    }

    @Test
    void closingTheSentEndRightAfterStartDoesNotAffectTheChild() {
        Pipe pipe = Pipe.open();
        Connection conn = pipe.left();
        ChildProcess p = new ChildProcess(PipeChildTest::echo, pipe.right());
        p.start();
        pipe.right().close();   // may run before the child has even started
        conn.sendBytes("hello".getBytes());
        assertArrayEquals("hello".getBytes(), conn.recvBytes());
        conn.sendBytes(SENTINEL);
        conn.close();
        join(p);
        assertEquals(0, p.exitCode());
    }

    static void sendThree(Connection out) {
        out.send(1);
        out.send("two");
        out.sendBytes(new byte[0]);
        out.close();
    }

    @Test
    void childSendsAndExitsBeforeTheParentReads() {
        Pipe pipe = Pipe.open(false);
        Connection reader = pipe.left();
        ChildProcess p = new ChildProcess(PipeChildTest::sendThree, pipe.right());
        p.start();
        pipe.right().close();
        join(p);   // as in Python, small messages do not need a reader before the child can exit
        assertEquals(0, p.exitCode());
        assertEquals(1, reader.recv());
        assertEquals("two", reader.recv());
        assertArrayEquals(new byte[0], reader.recvBytes());
        assertThrows(ConnectionClosedException.class, reader::recv);
        reader.close();
    }

    static void sendStringsSlowly(Connection out, List<byte[]> strings) {
        for (byte[] s : strings) {
            out.sendBytes(s);
            out.poll(Duration.ofMillis(20));   // pace the messages: the reader must poll across gaps
        }
        out.close();
    }

    @Test
    void pollAcrossMessagesFromAChild() {
        List<byte[]> strings = new ArrayList<>();
        for (String s : new String[] {"hello", "", "a", "b", "", "bye", "", "lop"}) {
            strings.add(s.getBytes());
        }
        Pipe pipe = Pipe.open();
        Connection a = pipe.left();
        ChildProcess p = new ChildProcess(PipeChildTest::sendStringsSlowly, pipe.right(), strings);
        p.start();
        for (byte[] s : strings) {
            int polls = 0;
            while (!a.poll(Duration.ofMillis(10))) {
                polls++;
                assertTrue(polls < 6000, "no message within 60 s");
            }
            assertArrayEquals(s, a.recvBytes());
        }
        assertThrows(ConnectionClosedException.class, a::recv);
        join(p);
        a.close();
        pipe.right().close();
    }

    static void sendABCD(Connection b) {
        b.sendBytes(new byte[] {'a'});
        b.sendBytes(new byte[] {'b'});
        b.sendBytes(new byte[] {'c', 'd'});
    }

    @Test
    void messagesFromAChildAreNotMerged() {
        Pipe pipe = Pipe.open();
        Connection a = pipe.left();
        ChildProcess p = new ChildProcess(PipeChildTest::sendABCD, pipe.right());
        p.start();
        assertArrayEquals(new byte[] {'a'}, a.recvBytes());
        assertTrue(a.poll(Duration.ofSeconds(30)));
        assertTrue(a.poll(Duration.ofSeconds(30)));
        assertArrayEquals(new byte[] {'b'}, a.recvBytes());
        assertTrue(a.poll(Duration.ofSeconds(30)));
        assertTrue(a.poll(Duration.ZERO));
        assertArrayEquals(new byte[] {'c', 'd'}, a.recvBytes());
        join(p);
        assertThrows(ConnectionClosedException.class, a::recvBytes);
        pipe.close();
    }

    static void ignore(Connection unused) {
        // exits without touching its end: the parent must read end-of-file
    }

    @Test
    void childThatNeverUsesItsEndGivesEndOfFileWhenItExits() {
        Pipe pipe = Pipe.open();
        ChildProcess p = new ChildProcess(PipeChildTest::ignore, pipe.right());
        p.start();
        pipe.right().close();
        ConnectionClosedException e = assertThrows(ConnectionClosedException.class, pipe.left()::recv);
        assertTrue(e.getMessage().contains("EOF"), e.getMessage());
        join(p);
        pipe.close();
    }

    static void announceThenBlock(Connection conn) {
        conn.send("ready");
        conn.recv();
    }

    @Test
    void killedChildGivesEndOfFile() {
        Pipe pipe = Pipe.open();
        Connection conn = pipe.left();
        ChildProcess p = new ChildProcess(PipeChildTest::announceThenBlock, pipe.right());
        p.start();
        assertEquals("ready", conn.recv());
        p.kill();
        assertThrows(ConnectionClosedException.class, conn::recv);
        join(p);
        assertEquals(-9, p.exitCode());
        pipe.close();
    }

    static void expectEndOfFile(Connection conn) {
        try {
            conn.recv();
            System.exit(3);
        } catch (ConnectionClosedException expected) {
            System.exit(7);
        }
    }

    @Test
    void endClosedBeforeTheOtherWasSentGivesTheChildEndOfFile() {
        Pipe pipe = Pipe.open();
        pipe.left().close();
        ChildProcess p = new ChildProcess(PipeChildTest::expectEndOfFile, pipe.right());
        p.start();
        join(p);
        assertEquals(7, p.exitCode());
        pipe.close();
    }

    @Test
    void endClosedAfterTheOtherWasSentGivesTheChildEndOfFile() {
        Pipe pipe = Pipe.open();
        ChildProcess p = new ChildProcess(PipeChildTest::expectEndOfFile, pipe.right());
        p.start();
        pipe.left().close();
        join(p);
        assertEquals(7, p.exitCode());
        pipe.close();
    }

    static void produce(Connection out) {
        for (int i = 1; i <= 100; i++) {
            out.send(i);
        }
        out.close();
    }

    static void sumInto(Connection in, Connection result) {
        long sum = 0;
        try {
            while (true) {
                sum += in.recv(Integer.class);
            }
        } catch (ConnectionClosedException endOfInput) {
            result.send(sum);
        }
        in.close();
        result.close();
    }

    @Test
    void pipeBetweenTwoChildren() {
        Pipe between = Pipe.open(false);
        Pipe results = Pipe.open(false);
        ChildProcess producer = new ChildProcess(PipeChildTest::produce, between.right());
        ChildProcess consumer = new ChildProcess(PipeChildTest::sumInto, between.left(), results.right());
        producer.start();
        consumer.start();
        between.close();
        results.right().close();
        assertEquals(5050L, results.left().recv());
        join(producer);
        join(consumer);
        assertEquals(0, producer.exitCode());
        assertEquals(0, consumer.exitCode());
        results.close();
    }

    @Test
    void anEndUsedHereCannotBePassedToAChild() {
        try (Pipe pipe = Pipe.open()) {
            pipe.right().send("used");
            ChildProcess p = new ChildProcess(PipeChildTest::ignore, pipe.right());
            SerializationException e = assertThrows(SerializationException.class, p::start);
            assertTrue(e.getMessage().contains("already connected in this process"), e.getMessage());
        }
    }

    static void answerTwice(Connection conn) {
        conn.send("child got: " + conn.recv());
        conn.send(conn.recv() + "!");
        conn.close();
    }

    @Test
    void usingOneEndOfAFreshPipeBindsOnlyThatEndAndAChildTakesTheOther() {
        try (Pipe pipe = Pipe.open()) {
            Connection here = pipe.left();
            Connection there = pipe.right();
            here.send("sent before the child existed");
            assertFalse(here.poll(Duration.ZERO));
            ChildProcess child = new ChildProcess(PipeChildTest::answerTwice, there);
            child.start();
            there.close(); // Python's child_conn.close() after start()
            assertEquals("child got: sent before the child existed", here.recv());
            here.send("again");
            assertEquals("again!", here.recv());
            assertThrows(ConnectionClosedException.class, here::recv, "the child closed its end");
            join(child);
        }
    }

    @Test
    void theUnusedEndOfAPipeUsedHereStillWorksHere() {
        try (Pipe pipe = Pipe.open()) {
            pipe.left().send(1);
            assertEquals(1, pipe.right().recv());
            pipe.right().send(2);
            assertEquals(2, pipe.left().recv());
        }
    }

    static void relay(Connection from, Connection to) {
        to.send(from.recv());
    }

    @Test
    void endsOfSeveralPipesTravelTogether() {
        Pipe in = Pipe.open(false);
        Pipe out = Pipe.open(false);
        ChildProcess p = new ChildProcess(PipeChildTest::relay, in.left(), out.right());
        p.start();
        in.right().send("through the child");
        assertEquals("through the child", out.left().recv());
        join(p);
        in.close();
        out.close();
    }
}
