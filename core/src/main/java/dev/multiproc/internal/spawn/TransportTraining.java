package dev.multiproc.internal.spawn;

import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import dev.multiproc.internal.queue.LocalQueue;
import dev.multiproc.internal.queue.QueueAddress;
import dev.multiproc.internal.queue.QueueEngine;
import dev.multiproc.internal.queue.RemoteQueue;

import java.util.concurrent.TimeUnit;

/**
 * Runs a trained standby child's connections and queues until the JIT has compiled them, before
 * the child reports ready: a process started on it then sends and receives at full speed from its
 * first message.
 *
 * <p>Why: a fresh JVM runs its first thousands of messages interpreted while its compiler threads
 * take most of the CPU (counted per thread in a fresh queue consumer: C1 and C2 used more CPU than
 * the thread doing the work). A forked CPython child needs no warm-up; this is the JVM's
 * counterpart. Both ends of every path run here: a {@link Pipe} within this JVM (objects, bytes,
 * ping-pong), and a queue this JVM owns, reached over its own process socket by a producer and a
 * consumer connection exactly as other processes reach it (streamed puts, large items through the
 * slab, prefetched gets, the owner's session threads, the owner's own puts and gets).
 *
 * <p>A long-running process that owns queues can run it too ({@code Multiprocessing.warmUpTransport}).
 *
 * <p>Rounds repeat until one is no faster than the best so far twice in a row (the compilers have
 * caught up), at least {@link #MIN_ROUNDS} and then within {@link #BUDGET_NANOS}. It is an
 * optimisation: any failure ends it quietly.
 */
public final class TransportTraining {
    /** Messages per path per round. */
    static final int ITEMS = 10_000;
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 16;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(6);
    private static final long GET_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final byte[] END = new byte[0];

    private TransportTraining() {
    }

    /** Trains until the rounds stop getting faster; returns the number of rounds run. */
    public static int run() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        LocalQueue owner = new LocalQueue(0, false);
        RemoteQueue producer = null;
        RemoteQueue consumer = null;
        int rounds = 0;
        try (Pipe pipe = Pipe.open()) {
            QueueAddress address = owner.address();
            producer = new RemoteQueue(address);
            consumer = new RemoteQueue(address);
            long best = Long.MAX_VALUE;
            int notFaster = 0;
            while (rounds < MIN_ROUNDS || (rounds < MAX_ROUNDS && notFaster < 2 && System.nanoTime() - deadline < 0)) {
                long start = System.nanoTime();
                pipeRound(pipe.left(), pipe.right());
                queueRound(owner, producer, consumer);
                long took = System.nanoTime() - start;
                rounds++;
                if (took < best * 0.9) {
                    notFaster = 0;
                } else {
                    notFaster++;
                }
                best = Math.min(best, took);
            }
        } catch (RuntimeException | InterruptedException stopped) {
            // only an optimisation: the child reports ready with what was compiled so far
        } finally {
            if (producer != null) {
                producer.close();
            }
            if (consumer != null) {
                consumer.close();
            }
            owner.close();
        }
        return rounds;
    }

    /** One-way bytes, one-way objects and a ping-pong, each end driven by one thread. */
    private static void pipeRound(Connection mine, Connection theirs) throws InterruptedException {
        Thread peer = start(new PipePeer(theirs), "multiproc-training-pipe");
        byte[] payload = new byte[1024];
        for (int i = 0; i < ITEMS; i++) {
            mine.sendBytes(payload);
        }
        mine.sendBytes(END);
        while (!(mine.recv() instanceof String)) {
            // the peer's one-way objects, then "end"
        }
        for (int i = 0; i < ITEMS / 10; i++) {
            mine.send(i);
            mine.recv();
        }
        mine.send(null);
        peer.join();
    }

    /** The other end of {@link #pipeRound}. */
    private static final class PipePeer implements Runnable {
        private final Connection conn;

        PipePeer(Connection conn) {
            this.conn = conn;
        }

        @Override
        public void run() {
            while (conn.recvBytes().length > 0) {
                // counted by the sender
            }
            for (int i = 0; i < ITEMS; i++) {
                conn.send(i);
            }
            conn.send("end");
            Object x;
            while ((x = conn.recv()) != null) {
                conn.send(x);
            }
        }
    }

    /**
     * A producer connection puts small and 1 KiB items that a consumer connection gets (through
     * this JVM's own hub), then items that the owner's own handle gets; then the owner's handle
     * puts what the consumer gets. Each phase ends with its end marker before the next begins, so
     * no phase leaves prefetched items behind.
     */
    private static void queueRound(LocalQueue owner, RemoteQueue producer, RemoteQueue consumer)
            throws InterruptedException {
        Thread puts = start(new Producer(producer, ITEMS), "multiproc-training-queue");
        drain(consumer);
        puts.join();
        puts = start(new Producer(producer, ITEMS / 4), "multiproc-training-queue");
        drain(owner);
        puts.join();
        for (int i = 0; i < ITEMS / 4; i++) {
            owner.put(i, -1);
        }
        owner.put(END, -1);
        drain(consumer);
    }

    private static void drain(QueueEngine queue) {
        while (true) {
            Object item = queue.get(GET_TIMEOUT_NANOS);
            if (item == null) {
                throw new IllegalStateException("training queue stalled");
            }
            if (item instanceof byte[] && ((byte[]) item).length == 0) {
                return;
            }
        }
    }

    /** Puts {@code count} items, small ints and 1 KiB arrays in turn, then the end marker. */
    private static final class Producer implements Runnable {
        private final RemoteQueue queue;
        private final int count;

        Producer(RemoteQueue queue, int count) {
            this.queue = queue;
            this.count = count;
        }

        @Override
        public void run() {
            byte[] kilobyte = new byte[1024];
            for (int i = 0; i < count; i++) {
                queue.put((i & 1) == 0 ? (Object) i : kilobyte, -1);
            }
            queue.put(END, -1);
        }
    }

    private static Thread start(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
