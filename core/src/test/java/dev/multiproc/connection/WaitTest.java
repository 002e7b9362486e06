package dev.multiproc.connection;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPython's TestWait: Connections.wait over connections, process sentinels and listeners. */
class WaitTest {
    private static final Duration JOIN = Duration.ofSeconds(60);

    static void sendTen(Connection w, Boolean slow) {
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < 10; i++) {
            if (slow) {
                w.poll(Duration.ofMillis((long) (Math.random() * 50)));   // irregular pacing; w never receives
            }
            w.send(List.of(i, pid));
        }
        w.close();
    }

    private void waitOverChildren(boolean slow) {
        List<Connection> readers = new ArrayList<>();
        List<ChildProcess> procs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Pipe pipe = Pipe.open();   // duplex so that the slow child may poll its end
            ChildProcess p = new ChildProcess(WaitTest::sendTen, pipe.right(), slow);
            p.setDaemon(true);
            p.start();
            pipe.right().close();
            readers.add(pipe.left());
            procs.add(p);
        }
        List<List<Object>> messages = new ArrayList<>();
        int rounds = 0;
        while (!readers.isEmpty()) {
            rounds++;
            List<Connection> ready = Connections.wait(readers, Duration.ofSeconds(60));
            assertTrue(!ready.isEmpty(), "nothing ready within 60 s");
            for (Connection r : ready) {
                try {
                    @SuppressWarnings("unchecked")
                    List<Object> message = (List<Object>) r.recv();
                    messages.add(message);
                } catch (ConnectionClosedException eof) {
                    readers.remove(r);
                    r.close();
                }
            }
        }
        List<List<Object>> expected = new ArrayList<>();
        for (ChildProcess p : procs) {
            assertTrue(p.join(JOIN));
            for (int i = 0; i < 10; i++) {
                expected.add(List.of(i, p.pid()));
            }
        }
        Comparator<List<Object>> order = Comparator.comparing((List<Object> m) -> (Long) m.get(1))
                .thenComparing(m -> (Integer) m.get(0));
        messages.sort(order);
        expected.sort(order);
        assertEquals(expected, messages);
        assertTrue(rounds >= 11, "at least one wait per message of the busiest reader, got " + rounds);
    }

    @Test
    void waitOverPipesFromFourChildren() {
        waitOverChildren(false);
    }

    @Test
    void waitOverPipesFromFourSlowChildren() {
        waitOverChildren(true);
    }

    @Test
    void timeoutReturnsEmptyAfterRoughlyTheTimeout() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            long t0 = System.nanoTime();
            assertEquals(List.of(), Connections.wait(List.of(a, b), Duration.ofMillis(500)));
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(495), "returned after " + waited + " ns");
            assertTrue(waited < TimeUnit.SECONDS.toNanos(10), "returned after " + waited + " ns");
            b.send(null);
            assertEquals(List.of(a), Connections.wait(List.of(a, b), Duration.ofSeconds(20)));
        }
    }

    @Test
    void negativeOrZeroTimeoutOnlyChecks() {
        try (Pipe pipe = Pipe.open()) {
            long t0 = System.nanoTime();
            assertEquals(List.of(), Connections.wait(List.of(pipe.left()), Duration.ofSeconds(-1)));
            assertEquals(List.of(), Connections.wait(List.of(pipe.left()), Duration.ZERO));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
        }
    }

    static void exitOnCue(Connection cue) {
        cue.recv();
    }

    @Test
    void processSentinelsAndConnectionsInInputOrder() {
        Pipe control = Pipe.open();
        ChildProcess p = new ChildProcess(WaitTest::exitOnCue, control.right());
        p.start();
        control.right().close();
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            List<Object> objects = List.of(a, p, b);

            long t0 = System.nanoTime();
            assertEquals(List.of(), Connections.wait(objects, Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(295));

            control.left().send("exit now");
            t0 = System.nanoTime();
            assertEquals(List.of(p), Connections.wait(objects, Duration.ofSeconds(60)));
            assertTrue(p.join(JOIN));

            a.send(null);
            t0 = System.nanoTime();
            assertEquals(List.of(p, b), Connections.wait(objects, Duration.ofSeconds(20)));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));

            b.send(null);
            assertEquals(List.of(a, p, b), Connections.wait(objects, Duration.ofSeconds(20)));
        }
        control.close();
    }

    @Test
    void waitWakesWhenAChildExitsWithoutBurningTime() throws Exception {
        Pipe control = Pipe.open();
        ChildProcess p = new ChildProcess(WaitTest::exitOnCue, control.right());
        p.start();
        control.right().close();
        CompletableFuture<List<ChildProcess>> waiting = CompletableFuture.supplyAsync(
                () -> Connections.wait(List.of(p), Duration.ofSeconds(60)));
        control.left().send("go");
        assertEquals(List.of(p), waiting.get(60, TimeUnit.SECONDS));
        assertTrue(p.join(JOIN));
        control.close();
    }

    @Test
    void unrelatedTrafficDoesNotEndAWait() throws Exception {
        try (Pipe watched = Pipe.open(); Pipe other = Pipe.open()) {
            watched.left().send("bind");
            watched.right().recv();
            other.left().send("bind");
            other.right().recv();
            CompletableFuture<List<Connection>> waiting = CompletableFuture.supplyAsync(
                    () -> Connections.wait(List.of(watched.left()), Duration.ofMillis(700)));
            for (int i = 0; i < 50; i++) {
                other.right().send(i);           // traffic on a connection nobody waits for
                assertEquals(i, other.left().recv());
            }
            assertEquals(List.of(), waiting.get(60, TimeUnit.SECONDS));
            watched.right().send("now");
            assertEquals(List.of(watched.left()), Connections.wait(List.of(watched.left()), Duration.ofSeconds(20)));
        }
    }

    static void connectAndSend(Connection end) {
        end.send("from the child");
        end.close();
    }

    @Test
    void pipeEndStillWaitingForItsPeerBecomesReadyWhenThePeerSends() {
        try (Pipe pipe = Pipe.open()) {
            ChildProcess p = new ChildProcess(WaitTest::connectAndSend, pipe.right());
            p.start();
            assertEquals(List.of(pipe.left()), Connections.wait(List.of(pipe.left()), Duration.ofSeconds(60)));
            assertEquals("from the child", pipe.left().recv());
            assertTrue(p.join(JOIN));
        }
    }

    @Test
    void listenerWithAPendingPeerIsReady() {
        try (Listener listener = Listener.open()) {
            assertEquals(List.of(), Connections.wait(List.of(listener), Duration.ofMillis(50)));
            try (Connection client = Client.connect(listener.address())) {
                assertEquals(List.of(listener), Connections.wait(List.of(listener), Duration.ofSeconds(20)));
                listener.accept().close();
            }
        }
    }

    @Test
    void endOfFileCountsAsReady() {
        Pipe pipe = Pipe.open();
        pipe.left().send("bind");
        pipe.right().recv();
        pipe.right().close();
        assertEquals(List.of(pipe.left()), Connections.wait(List.of(pipe.left()), Duration.ofSeconds(20)));
        assertThrows(ConnectionClosedException.class, pipe.left()::recv);
        pipe.close();
    }

    @Test
    void rejectsWhatCannotBeWaitedOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Connections.wait(List.of("a string"), Duration.ZERO));
        assertTrue(e.getMessage().contains("expected a Connection, a ChildProcess or a Listener"), e.getMessage());
        Pipe pipe = Pipe.open();
        pipe.close();
        assertThrows(IllegalStateException.class, () -> Connections.wait(List.of(pipe.left()), Duration.ZERO));
    }
}
