package dev.multiproc.internal.warmup;

import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.queue.LocalQueue;
import dev.multiproc.internal.queue.QueueAddress;
import dev.multiproc.internal.queue.QueueEngine;
import dev.multiproc.internal.queue.QueueHandles;
import dev.multiproc.internal.queue.RemoteQueue;
import dev.multiproc.internal.queue.SlabRing;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.LocalSockets;
import dev.multiproc.queue.ProcessQueue;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Rounds repeat, at least {@link #MIN_ROUNDS} and then within {@link #BUDGET_NANOS}, until the
 * compiler threads used at most {@link #SETTLED_COMPILER_SHARE} of a round's time (where
 * {@code /proc} cannot tell, until a round is no faster than the best so far twice in a row); then
 * training waits for the compiles they queued ({@link CompilerQuiet}). It is an optimisation: any
 * failure ends it quietly.
 *
 * <p>Why the compilers' CPU and not the rounds' speed: counted per round in a fresh JVM on two
 * cores, rounds stopped getting faster after ~7 rounds (~1.2 s) while the compiler threads still
 * used 90-100% of each round's time; they fell under 25% at ~10 rounds. A child trained by the
 * old rule had hot methods still at the profiling tier (a connection's {@code sendBytes}) whose
 * C2 compile then ran during its first real messages.
 */
public final class TransportTraining {
    /** Messages per path per round. */
    static final int ITEMS = 10_000;
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 40;
    /** A round in which the compiler threads used at most this share of its time leaves training. */
    private static final double SETTLED_COMPILER_SHARE = 0.25;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(6);
    private static final int FILE_READS = 50;
    /** At most this long for the compiles queued by the last rounds (see {@link CompilerQuiet}). */
    private static final long QUIET_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long GET_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final byte[] END = new byte[0];
    /** Frames per direction of {@link #blockingRound}: enough to reach a profile, few since a control link is light. */
    private static final int BLOCKING_ITEMS = 500;
    /** A backlog this deep makes a slab ring's writer pass the point where its ring wraps early. */
    private static final int BACKLOG_BYTES = SlabRing.COMPACT;

    private TransportTraining() {
    }

    /** Trains until the compilers have caught up with the rounds; returns the number of rounds run. */
    public static int run() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        LocalQueue owner = new LocalQueue(0, false);
        int rounds = 0;
        try {
            byte[][] runRequests = runRequests();
            long best = Long.MAX_VALUE;
            int notFaster = 0;
            boolean settled = false;
            while (rounds < MIN_ROUNDS || (!settled && rounds < MAX_ROUNDS && System.nanoTime() - deadline < 0)) {
                long start = System.nanoTime();
                long compilersBefore = CompilerQuiet.compilerNanos();
                try (Pipe pipe = Pipe.open()) {
                    pipeRound(pipe.left(), pipe.right());
                }
                blockingRound();
                codecRound(runRequests);
                queueRound(owner);
                fileRound();
                long took = System.nanoTime() - start;
                long compiling = CompilerQuiet.compilerNanos() - compilersBefore;
                rounds++;
                notFaster = took < best * 0.9 ? 0 : notFaster + 1;
                best = Math.min(best, took);
                settled = compilersBefore >= 0 && compiling >= 0
                        ? compiling <= took * SETTLED_COMPILER_SHARE
                        : notFaster >= 2;
            }
            CompilerQuiet.await(QUIET_MAX_NANOS);
        } catch (RuntimeException | IOException | InterruptedException stopped) {
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

    /**
     * A ping-pong and a stream of 1 KiB frames over a pair of blocking channels, the kind a child's
     * control connection is ({@link FramedChannel#blocking}).
     *
     * <p>Why: the JDK's socket read and write branch on the channel's blocking mode, and the JIT
     * inlines them into {@link FramedChannel}'s compiled reads and writes. Trained on non-blocking
     * pipes alone, a standby child's first use of its control connection after training (its run
     * request, its first report) trapped in {@code SocketChannelImpl.beginRead}/{@code beginWrite}
     * and threw away the compiled {@code FramedChannel.fill} and {@code write}, which were then
     * recompiled while the process streamed its first messages (logged with LogCompilation in
     * trained pipe.1k children, whose compiler threads used 6-54 ms in their first 20,000 sends).
     */
    private static void blockingRound() throws IOException, InterruptedException {
        String name = "t-" + Long.toHexString(ProcessHandle.current().pid()) + "-" + Long.toHexString(System.nanoTime());
        SocketChannel[] sockets = LocalSockets.pair(JvmProcess.current().runtimeDir().resolve(name));
        try (FramedChannel mine = FramedChannel.blocking(sockets[0]);
             FramedChannel theirs = FramedChannel.blocking(sockets[1])) {
            Thread peer = start(() -> echoThenDrain(theirs), "multiproc-training-blocking");
            byte[] small = new byte[16];
            for (int i = 0; i < BLOCKING_ITEMS; i++) {
                mine.write(small, 0, small.length);
                mine.read();
            }
            mine.write(END, 0, 0);
            byte[] kilobyte = new byte[1024];
            for (int i = 0; i < BLOCKING_ITEMS; i++) {
                mine.write(kilobyte, 0, kilobyte.length);
            }
            mine.write(END, 0, 0);
            peer.join();
        } finally {
            // the channels close their sockets; these closes matter when wrapping one failed
            sockets[0].close();
            sockets[1].close();
        }
    }

    /** The other end of {@link #blockingRound}; a closed channel (training gave up) just ends it. */
    private static void echoThenDrain(FramedChannel channel) {
        try {
            byte[] frame;
            while ((frame = channel.read()).length > 0) {
                channel.write(frame, 0, frame.length);
            }
            while (channel.read().length > 0) {
                // the one-way stream, counted by the sender
            }
        } catch (RuntimeException closed) {
            // training ended early and closed the channel
        }
    }

    /**
     * A process's run request as it arrives: a lambda (rebuilt from its captures) and a serialized
     * object, encoded once per training, here rather than in a static initialiser so that a
     * failure ends training quietly like any other. Only the decoder is trained on them: a child
     * decodes its run request and never encodes one, and the encoder's type checks are better
     * left profiled by the types the rounds really send.
     */
    private static byte[][] runRequests() {
        return new byte[][] {
            StandardCodec.INSTANCE.encode((Runnable & Serializable) () -> { }),
            StandardCodec.INSTANCE.encode(new ArrayList<>(List.of(1))),
        };
    }

    /**
     * Decodes a run request of each kind, once per round: not hot, since a decoder that has seen a
     * tag is enough for its case to be compiled, and a hot JDK deserialization kept the compilers
     * busy for ~1 s.
     *
     * <p>Why: the decoder switches on the type tag, and the JIT compiles a case never seen as a
     * trap. A standby child's run request is a lambda or a serialized object, tags the transport
     * rounds never send; decoding it after training threw away the compiled decoder that every
     * {@code recv} and queue get of the process then needed recompiled.
     */
    private static void codecRound(byte[][] runRequests) {
        for (byte[] request : runRequests) {
            StandardCodec.INSTANCE.decode(request);
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
     * took 27-71 ms of a trained consumer's first real gets when only the engine was trained.
     */
    private static ProcessQueue<Object> handle(QueueEngine engine) {
        return QueueHandles.of(engine);
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
