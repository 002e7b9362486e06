package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.Clients;

import java.io.Serializable;
import java.util.List;

/**
 * What every cluster primitive is when it travels: the cluster's name and addresses and the
 * primitive's name, nothing else (never the authkey). Used in a task on a member, it connects to
 * the cluster from there on first use.
 */
abstract class ClusterHandle implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The cluster's name. */
    final String clusterName;
    /** Members to connect through, {@code host:port}. */
    final List<String> addresses;
    /** The primitive's name in the cluster. */
    final String name;

    ClusterHandle(ClusterConfig config, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a cluster primitive needs a name");
        }
        this.clusterName = config.clusterName();
        this.addresses = List.copyOf(config.members());
        this.name = name;
    }

    final HazelcastInstance hazelcast() {
        return Clients.client(clusterName, addresses);
    }

    /**
     * The primitive's name.
     *
     * @return the name it was made with
     */
    public final String name() {
        return name;
    }
}
