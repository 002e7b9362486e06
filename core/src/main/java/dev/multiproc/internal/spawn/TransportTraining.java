package dev.multiproc.internal.spawn;

import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import dev.multiproc.internal.queue.LocalQueue;
import dev.multiproc.internal.queue.QueueAddress;
import dev.multiproc.internal.queue.QueueEngine;
import dev.multiproc.internal.queue.RemoteQueue;
import dev.multiproc.internal.queue.SlabRing;
import dev.multiproc.queue.ProcessQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * caught up), at least {@link #MIN_ROUNDS} and then within {@link #BUDGET_NANOS}; then training
 * waits for the compiles they queued ({@link CompilerQuiet}). It is an optimisation: any failure
 * ends it quietly.
 */
public final class TransportTraining {
    /** Messages per path per round. */
    static final int ITEMS = 10_000;
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 16;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(6);
    private static final int FILE_READS = 50;
    /** At most this long for the compiles queued by the last rounds (see {@link CompilerQuiet}). */
    private static final long QUIET_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long GET_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final byte[] END = new byte[0];
    /** A backlog this deep makes a slab ring's writer pass the point where its ring wraps early. */
    private static final int BACKLOG_BYTES = SlabRing.COMPACT;

    private TransportTraining() {
    }

    /** Trains until the rounds stop getting faster; returns the number of rounds run. */
    public static int run() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        LocalQueue owner = new LocalQueue(0, false);
        int rounds = 0;
        try (Pipe pipe = Pipe.open()) {
            long best = Long.MAX_VALUE;
            int notFaster = 0;
            while (rounds < MIN_ROUNDS || (rounds < MAX_ROUNDS && notFaster < 2 && System.nanoTime() - deadline < 0)) {
                long start = System.nanoTime();
                pipeRound(pipe.left(), pipe.right());
                queueRound(owner);
                fileRound();
                long took = System.nanoTime() - start;
                rounds++;
                if (took < best * 0.9) {
                    notFaster = 0;
                } else {
                    notFaster++;
                }
                best = Math.min(best, took);
            }
            CompilerQuiet.await(QUIET_MAX_NANOS);
        } catch (RuntimeException | InterruptedException stopped) {
            // only an optimisation: the child reports ready with what was compiled so far
        } finally {
            owner.close();
        }
        return rounds;
    }

    /**
     * Reads a small file through NIO, as tasks do ({@code Files.readAllBytes}, {@code Files.lines}).
     * Why: file and socket reads share {@code sun.nio.ch.IOUtil}, which the JIT inlines into the
     * transport's compiled reads; trained on sockets alone, the first file read a task made (a
     * process's first lock, then, read {@code /proc} this way) deoptimised those reads, and
     * recompiling one took 135-174 ms of a compiler thread during the child's first messages.
     */
    private static void fileRound() {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.isReadable(stat)) {
            return;
        }
        try {
            for (int i = 0; i < FILE_READS; i++) {
                Files.readAllBytes(stat);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
     * puts what the consumer gets; last, the producer leaves a backlog of 1 KiB items that the
     * consumer drains with blocking gets. Each phase ends with its end marker before the next
     * begins, so no phase leaves prefetched items behind.
     *
     * <p>Why new connections every round, a backlog and blocking gets: a branch that training
     * never takes is compiled as a trap, and the first real run that takes it falls back to the
     * interpreter and recompiles in the middle of its work. Logged in trained queue.1k children
     * (LogCompilation), each run hit such traps within its first puts and gets: a connection's
     * first put (it asks for a slab, starts its feeder), its first slab item, a get without a
     * timeout, and a slab ring whose writer passed {@link #BACKLOG_BYTES} ahead of its readers.
     */
    private static void queueRound(LocalQueue owner) throws InterruptedException {
        QueueAddress address = owner.address();
        ProcessQueue<Object> local = handle(owner);
        ProcessQueue<Object> producer = handle(new RemoteQueue(address));
        ProcessQueue<Object> consumer = handle(new RemoteQueue(address));
        try {
            Thread puts = start(new Producer(producer, ITEMS), "multiproc-training-queue");
            drain(consumer, true);
            puts.join();
            puts = start(new Producer(producer, ITEMS / 4), "multiproc-training-queue");
            drain(local, true);
            puts.join();
            for (int i = 0; i < ITEMS / 4; i++) {
                local.put(i);
            }
            local.put(END);
            drain(consumer, true);
            byte[] kilobyte = new byte[1024];
            for (int i = 0; i < BACKLOG_BYTES / kilobyte.length + ITEMS / 10; i++) {
                producer.put(kilobyte);
            }
            producer.put(END);
            // every item is already put, so a get without a timeout cannot wait for a producer
            drain(consumer, false);
        } finally {
            producer.close();
            consumer.close();
        }
    }

    /**
     * A user's handle over {@code engine}, so that training compiles the public methods too: C2
     * compiles {@code ProcessQueue.get()} with the engine's get inlined into it, and that compile
     * took 27-71 ms of a trained consumer's first real gets when only the engine was trained. The
     * constructor is package-private because no user needs it; this is the one other caller.
     */
    @SuppressWarnings("unchecked")
    private static ProcessQueue<Object> handle(QueueEngine engine) {
        try {
            Constructor<?> constructor = ProcessQueue.class.getDeclaredConstructor(QueueEngine.class);
            constructor.setAccessible(true);
            return (ProcessQueue<Object>) constructor.newInstance(engine);
        } catch (ReflectiveOperationException e) {
            engine.close();
            throw new IllegalStateException("cannot make a training queue handle", e);
        }
    }

    private static void drain(ProcessQueue<Object> queue, boolean timed) {
        while (true) {
            Object item = timed ? queue.poll(GET_TIMEOUT_NANOS, TimeUnit.NANOSECONDS) : queue.get();
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
        private final ProcessQueue<Object> queue;
        private final int count;

        Producer(ProcessQueue<Object> queue, int count) {
            this.queue = queue;
            this.count = count;
        }

        @Override
        public void run() {
            byte[] kilobyte = new byte[1024];
            for (int i = 0; i < count; i++) {
                queue.put((i & 1) == 0 ? (Object) i : kilobyte);
            }
            queue.put(END);
        }
    }

    private static Thread start(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
