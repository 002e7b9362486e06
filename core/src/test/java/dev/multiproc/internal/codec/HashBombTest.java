package dev.multiproc.internal.codec;

import dev.multiproc.SerializationException;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nested-HashSet "hash bomb": 2,322 bytes of JDK serialization whose {@code hashCode()} work
 * doubles with each of its 40 levels. {@code recv()} refuses it fast with a
 * {@link SerializationException} (before: it never returned), and data that shares collections
 * in ordinary ways still arrives.
 */
class HashBombTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A message tagged as JDK serialization (the codec's JAVA tag), as a peer can send it with sendBytes. */
    static byte[] javaMessage(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(127);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** Each level holds the next two sets, which the level beside it holds too: 2^depth visits per hashCode(). */
    static Set<Object> nestedSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> left = root;
        Set<Object> right = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> nextLeft = new HashSet<>();
            Set<Object> nextRight = new HashSet<>();
            nextLeft.add("x"); // unequal, so that both stay in each set
            left.add(nextLeft);
            left.add(nextRight);
            right.add(nextLeft);
            right.add(nextRight);
            left = nextLeft;
            right = nextRight;
        }
        return root;
    }

    /** A list built from the same list twice per level: the same exponential hashCode(), inside a HashSet. */
    static Set<Object> nestedLists(int depth) {
        List<Object> level = new ArrayList<>(List.of("x"));
        for (int i = 0; i < depth - 1; i++) {
            List<Object> next = new ArrayList<>();
            next.add(level);
            next.add(level);
            level = next;
        }
        // filled once in the set: hashing it here would never end (the receiver's HashSet does it)
        List<Object> top = new ArrayList<>();
        Set<Object> set = new HashSet<>();
        set.add(top);
        top.add(level);
        top.add(level);
        return set;
    }

    /** A user's value object holding the bomb, as it would arrive inside an ordinary message. */
    record Envelope(String name, Object body) implements Serializable {
    }

    @Test
    @Timeout(60)
    void theNestedHashSetBombIsRefusedFastByRecv() throws Exception {
        byte[] bomb = javaMessage(nestedSets(40));
        assertEquals(2322, bomb.length - 1, "the payload of the report");
        assertRefusedFast(bomb);
        assertRefusedFast(javaMessage(new Envelope("inside a value", nestedSets(40))));
        assertRefusedFast(javaMessage(nestedLists(60)));
    }

    private static void assertRefusedFast(byte[] message) throws Exception {
        try (Pipe pipe = Pipe.open()) {
            Connection sender = pipe.left();
            Connection receiver = pipe.right();
            sender.sendBytes(message);
            // on a daemon thread: a receiver that does not refuse it would spin for ever. Its CPU
            // time, not the wall time, says how fast: the machine may be busy with other work
            CompletableFuture<Throwable> received = new CompletableFuture<>();
            long[] cpuNanos = new long[1];
            Thread thread = new Thread(() -> {
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    receiver.recv();
                    received.complete(null);
                } catch (Throwable t) {
                    cpuNanos[0] = THREADS.getCurrentThreadCpuTime() - start;
                    received.complete(t);
                }
            }, "hash-bomb-recv");
            thread.setDaemon(true);
            thread.start();
            Throwable failure;
            try {
                failure = received.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("recv() still busy after 30 s");
            }
            assertInstanceOf(SerializationException.class, failure);
            assertTrue(failure.getMessage().contains("hash bomb"), failure.getMessage());
            long millis = cpuNanos[0] / 1_000_000;
            assertTrue(millis < 1_000, "refused after " + millis + " ms of CPU");
            System.out.printf("hash bomb of %d bytes refused by recv() after %d ms of CPU%n", message.length, millis);
            // the connection goes on
            sender.send("after");
            assertEquals("after", receiver.recv());
        }
    }

    @Test
    void collectionsSharedInOrdinaryWaysStillArrive() throws Exception {
        // the same 2,000-element list in 100 rows of a map, and a set of sets 300 levels deep
        List<Object> shared = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            shared.add("tag" + i);
        }
        Map<Object, Object> rows = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            rows.put(i, shared);
        }
        Set<Object> deep = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            Set<Object> outer = new HashSet<>();
            outer.add(deep);
            outer.add(i);
            deep = outer;
        }
        Envelope value = new Envelope("ordinary", List.of(rows, deep));
        try (Pipe pipe = Pipe.open()) {
            pipe.left().sendBytes(javaMessage(value));
            assertEquals(value, pipe.right().recv());
        }
    }
}
