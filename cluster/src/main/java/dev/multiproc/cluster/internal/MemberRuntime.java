package dev.multiproc.cluster.internal;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.spi.PreEncodedFunction;
import dev.multiproc.spi.ValueCodec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a member holds between tasks: the authkey's {@link Signer}, and one {@link MemberSession}
 * per driver session, each with its own pool of child JVMs. Runs the {@link ChunkTask}s that
 * Hazelcast's executor delivers: checks the MAC first, then hands the opaque bytes to the
 * session's pool and waits for them there.
 *
 * <p>One per member JVM; sessions of a driver whose client leaves the cluster are closed, so a
 * driver that dies leaves no child JVM behind on the members.
 */
public final class MemberRuntime {
    private static final int RUNNERS_KEPT = 64;
    private static volatile MemberRuntime current;

    private final HazelcastInstance hazelcast;
    private final Signer signer;
    private final byte[] authkey;
    private final int processes;
    private final Map<String, MemberSession> sessions = new ConcurrentHashMap<>();
    private final DriverClasses classes;
    private final String clusterName;
    /** The runners of the jobs' functions seen lately, by the function's bytes: see {@link #runner}. */
    private final Map<ByteBuffer, PreEncodedFunction<byte[], byte[]>> runners = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, PreEncodedFunction<byte[], byte[]>> eldest) {
            return size() > RUNNERS_KEPT;
        }
    };

    private MemberRuntime(HazelcastInstance hazelcast, byte[] authkey, int processes, DriverClasses classes) {
        this.authkey = authkey.clone();
        Signer signer = new Signer(authkey);
        this.classes = classes;
        this.hazelcast = hazelcast;
        this.signer = signer;
        this.processes = processes;
        this.clusterName = hazelcast.getConfig().getClusterName();
    }

    /** The loader a member installs as the context loader of its threads, before Hazelcast starts them. */
    public static DriverClasses prepare() {
        return new DriverClasses(() -> {
            MemberRuntime runtime = current;
            return runtime == null ? List.of() : runtime.sessionClasses();
        });
    }

    /** Makes this JVM a member of multiproc's clusters: {@link ChunkTask}s run here from now on. */
    public static MemberRuntime install(HazelcastInstance hazelcast, byte[] authkey, int processes, DriverClasses classes) {
        MemberRuntime runtime = new MemberRuntime(hazelcast, authkey, processes, classes);
        hazelcast.getClientService().addClientListener(new ClientListener() {
            @Override
            public void clientConnected(Client client) {
            }

            @Override
            public void clientDisconnected(Client client) {
                runtime.closeSessionsOf(client.getUuid().toString());
            }
        });
        current = runtime;
        return runtime;
    }

    static MemberRuntime current() {
        return current;
    }

    Signer signer() {
        return signer;
    }

    public int processes() {
        return processes;
    }

    byte[] run(ChunkTask task) {
        String session = task.session();
        if (!task.verify(signer)) {
            // nothing of the task is read beyond the fields the MAC covers, and none is decoded
            return ChunkReply.failed(ChunkReply.Failure.REJECTED, "member " + hazelcast.getCluster().getLocalMember()
                    + " rejected chunk " + task.chunk() + ": it is not signed with this cluster's authkey")
                    .encode(signer, session, task.chunk());
        }
        MemberSession s = sessions.computeIfAbsent(session, id -> new MemberSession(id, task.owner(), processes,
                task.timeoutMillis(), new SessionClasses(hazelcast, signer, id), classes));
        return outcome(s, task).encode(signer, session, task.chunk());
    }

    private ChunkReply outcome(MemberSession session, ChunkTask task) {
        try {
            return ChunkReply.results(session.run(task.chunk(), runner(task.function()), task.items()));
        } catch (CancellationException e) {
            return ChunkReply.failed(ChunkReply.Failure.CANCELLED, "cancelled");
        } catch (IllegalStateException closed) { // after CancellationException, which is one
            return ChunkReply.failed(ChunkReply.Failure.CANCELLED, "session " + session.id() + " is closed on "
                    + hazelcast.getCluster().getLocalMember());
        } catch (TaskTimeoutException e) {
            return ChunkReply.failed(ChunkReply.Failure.TIMEOUT, e.getMessage() + " on " + hazelcast.getCluster().getLocalMember());
        } catch (WorkerDiedException e) {
            return ChunkReply.failed(ChunkReply.Failure.WORKER_DIED, e.getMessage() + " on " + hazelcast.getCluster().getLocalMember());
        } catch (RuntimeException e) {
            return ChunkReply.failed(ChunkReply.Failure.ERROR, e + " on " + hazelcast.getCluster().getLocalMember());
        }
    }

    /**
     * The runner of a job's function, encoded once: encoding it (JDK serialization, as it is an
     * object, not a lambda) for every chunk cost more than a child's whole run of a short task.
     */
    private PreEncodedFunction<byte[], byte[]> runner(byte[] function) {
        ByteBuffer key = ByteBuffer.wrap(function);
        synchronized (runners) {
            PreEncodedFunction<byte[], byte[]> known = runners.get(key);
            if (known == null) {
                ItemRunner runner = new ItemRunner(function, clusterName, authkey);
                known = new PreEncodedFunction<>(runner, ValueCodec.encode(runner));
                runners.put(key, known);
            }
            return known;
        }
    }

    void cancel(String session, long chunk) {
        MemberSession s = sessions.get(session);
        if (s != null) {
            s.cancel(chunk);
        }
    }

    void closeSession(String session) {
        MemberSession s = sessions.remove(session);
        if (s != null) {
            s.close();
        }
    }

    private void closeSessionsOf(String owner) {
        for (MemberSession s : new ArrayList<>(sessions.values())) {
            if (owner.equals(s.owner())) {
                closeSession(s.id());
            }
        }
    }

    /** Closes every session: their child JVMs exit. */
    public void shutdown() {
        for (String id : new ArrayList<>(sessions.keySet())) {
            closeSession(id);
        }
        current = null;
    }

    private List<SessionClasses> sessionClasses() {
        List<MemberSession> open = new ArrayList<>(sessions.values());
        open.sort(Comparator.comparingLong(MemberSession::lastActive).reversed());
        List<SessionClasses> out = new ArrayList<>(open.size());
        for (MemberSession s : open) {
            out.add(s.classes());
        }
        return out;
    }
}
