package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.Clients;
import dev.multiproc.cluster.internal.Signer;

import java.io.Serializable;
import java.util.List;

/**
 * What every cluster primitive is when it travels: the cluster's name and addresses and the
 * primitive's name, nothing else (never the authkey). In the driver it uses its pool's connection
 * and key; in a task on a member, a connection made there on first use and the member's key.
 */
abstract class ClusterHandle implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The cluster's name. */
    final String clusterName;
    /** Members to connect through, {@code host:port}. */
    final List<String> addresses;
    /** The primitive's name in the cluster. */
    final String name;
    /** The driver's connection and key where the handle was made; null in a task, which uses its member's. */
    private final transient HazelcastInstance driver;
    private final transient Signer driverKey;

    ClusterHandle(ClusterConfig config, String name, HazelcastInstance driver, Signer driverKey) {
        this.driver = driver;
        this.driverKey = driverKey;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a cluster primitive needs a name");
        }
        this.clusterName = config.clusterName();
        this.addresses = List.copyOf(config.members());
        this.name = name;
    }

    final HazelcastInstance hazelcast() {
        return driver != null ? driver : Clients.client(clusterName, addresses);
    }

    final Signer signer() {
        return driverKey != null ? driverKey : Clients.signer(clusterName);
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
