package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.cluster.internal.ClassChannel;
import dev.multiproc.cluster.internal.ClassServer;
import dev.multiproc.cluster.internal.ListRun;
import dev.multiproc.cluster.internal.MachineLocal;
import dev.multiproc.cluster.internal.Scheduler;
import dev.multiproc.cluster.internal.Signer;
import dev.multiproc.cluster.internal.StreamRun;
import dev.multiproc.pool.ProgressListener;
import dev.multiproc.spi.ValueCodec;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One program's session on a cluster, behind {@link ClusterPool}: the client connection, the
 * scheduler that sends the chunks of every call, and the server of this program's classes. It
 * starts calls, and when the pool closes, ends the session on the members and disconnects.
 */
final class ClusterSession {
    private static final Duration CLOSE_SESSIONS = Duration.ofSeconds(10);
    /** Whether a lambda class has no fields: it captures nothing, so all its instances encode alike. */
    private static final ClassValue<Boolean> CAPTURES_NOTHING = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.isHidden() && Arrays.stream(type.getDeclaredFields()).allMatch(f -> Modifier.isStatic(f.getModifiers()));
        }
    };

    final ClusterConfig config;
    final HazelcastInstance client;
    final Signer signer;
    private final Scheduler scheduler;
    private final ClassServer classes;
    private final String session = UUID.randomUUID().toString();
    private volatile boolean running = true;
    /**
     * The last lambda encoded that captures nothing, with its bytes: a loop of {@code apply(f, x)}
     * encodes {@code f} once (the lambda's serialized form is taken by reflection, a few
     * microseconds per call). A lambda that captures values is encoded at every call, as those
     * values may have changed.
     */
    private volatile EncodedLambda lastStateless;

    /** Connects; fails with {@link MultiprocessingException} when no member answers within the connect timeout. */
    ClusterSession(ClusterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = config.connectClient();
        this.signer = new Signer(config.authkey());
        this.classes = new ClassServer(client, signer, session);
        this.scheduler = new Scheduler(client, signer, session, config);
    }

    int processes() {
        return scheduler.processes();
    }

    int members() {
        return scheduler.members();
    }

    /** A call whose results come back together, in input order; chunksize 0 is {@code ceil(n / (4 * processes))}, as locally. */
    <R> ClusterResult<R> list(String call, Object fn, Iterable<?> items, int chunksize, ProgressListener progress) {
        Objects.requireNonNull(items, "items");
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize < 0: " + chunksize);
        }
        Collection<?> all = items instanceof Collection ? (Collection<?>) items : materialize(items);
        if (chunksize == 0) {
            chunksize = Math.max(1, (int) Math.ceil(all.size() / (4.0 * Math.max(1, processes()))));
        }
        ListRun run = new ListRun(call, encode(fn), all.iterator(), all.size(), chunksize, false,
                progress);
        return start(call, run);
    }

    /** One task: {@code fn(arg)}. */
    <R> ClusterResult<R> one(String call, Object fn, Object arg) {
        List<Object> single = new ArrayList<>(1);
        single.add(arg);
        ListRun run = new ListRun(call, encode(fn), single.iterator(), 1, 1, true, null);
        return start(call, run);
    }

    /**
     * A call whose results are read one by one. At most {@code maxWorkers} of its chunks run at
     * once (0: no bound), and at most {@code maxAhead} chunks are read past the consumer (0: as
     * locally, {@code max(4 * processes, 1024 / chunksize)}).
     */
    <R> ClusterImapIterator<R> stream(String call, boolean ordered, Object fn, Iterable<?> items, int chunksize,
                                      int maxWorkers, int maxAhead) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize < 1: " + chunksize);
        }
        long aheadChunks = maxAhead > 0 ? maxAhead : Math.max(4L * Math.max(1, processes()), 1024 / chunksize);
        StreamRun run = new StreamRun(call, encode(fn), items.iterator(), chunksize, ordered, aheadChunks * chunksize,
                scheduler::pump);
        run.limitRunning(maxWorkers);
        checkRunning();
        scheduler.submit(run);
        return new ClusterImapIterator<>(run, () -> scheduler.cancel(run));
    }

    private <R> ClusterResult<R> start(String call, ListRun run) {
        checkRunning();
        scheduler.submit(run);
        return new ClusterResult<>(call, run.outcome(), () -> scheduler.cancel(run));
    }

    private static List<Object> materialize(Iterable<?> items) {
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    /** The encoded function; its class loader is remembered, to serve its classes to the members. */
    private byte[] encode(Object fn) {
        EncodedLambda last = lastStateless;
        if (last != null && last.function == fn) {
            return last.bytes; // a lambda that captures nothing encodes the same every time
        }
        classes.remember(fn.getClass().getClassLoader());
        byte[] lambda = ValueCodec.encodeLambda(fn);
        if (lambda != null) {
            if (CAPTURES_NOTHING.get(fn.getClass())) {
                lastStateless = new EncodedLambda(fn, lambda);
            }
            return lambda;
        }
        byte[] encoded = ValueCodec.encode(fn);
        MachineLocal.check(encoded, "the function " + fn.getClass().getName());
        return encoded;
    }

    private void checkRunning() {
        if (!running) {
            throw new IllegalStateException("the cluster pool of " + config.clusterName() + " is closed");
        }
    }

    boolean isRunning() {
        return running;
    }

    boolean awaitIdle(Duration timeout) {
        try {
            return scheduler.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * No new calls; those submitted finish ({@code cancel} false) or are cancelled, their tasks
     * killed on the members; then the members close this session and the connection is closed.
     */
    synchronized void shutdown(boolean cancel) {
        if (!running) {
            return;
        }
        running = false;
        scheduler.shutdown(cancel);
        if (!cancel) {
            while (!awaitIdle(Duration.ofSeconds(1)) && !Thread.currentThread().isInterrupted()) {
                // close() waits for the work submitted, as Pool.close() does
            }
        } else {
            awaitIdle(CLOSE_SESSIONS); // the cancelled chunks answer once their members have killed them
        }
        scheduler.closeSessions(CLOSE_SESSIONS);
        classes.close();
        try {
            client.getMap(ClassChannel.answers(session)).destroy();
            client.getQueue(ClassChannel.requests(session)).destroy();
        } catch (RuntimeException clusterGone) {
            // nothing to clean up there
        }
        client.shutdown();
    }

    private record EncodedLambda(Object function, byte[] bytes) {
    }
}
