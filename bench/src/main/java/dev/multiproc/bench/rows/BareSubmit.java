package dev.multiproc.bench.rows;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.internal.HazelcastSettings;
import dev.multiproc.cluster.internal.SessionTask;
import dev.multiproc.cluster.internal.Signer;

/**
 * What {@code cluster.apply} is compared with: a Hazelcast client of its own that submits, to one
 * member's executor, a task that checks one MAC (it fails, so no session is touched) and answers.
 */
public final class BareSubmit implements AutoCloseable {
    private final HazelcastInstance client;
    private final IExecutorService executor;
    private final Member member;
    private final SessionTask task = new SessionTask(new Signer(new byte[] {1}), "bench", 0);

    /** Connects to the cluster of {@code config}. */
    public BareSubmit(ClusterConfig config) {
        client = HazelcastClient.newHazelcastClient(HazelcastSettings.client(config.clusterName(), config.members(), 30_000));
        executor = client.getExecutorService(HazelcastSettings.EXECUTOR);
        member = client.getCluster().getMembers().iterator().next();
    }

    /** One submit, and the wait for its answer. */
    public void roundTrip() throws Exception {
        executor.submitToMember(task, member).get();
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
