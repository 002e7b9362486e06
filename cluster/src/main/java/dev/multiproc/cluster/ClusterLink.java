package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.Signer;

/**
 * The travelling part of an object a {@link ClusterManager} made: the cluster and the object's
 * name, re-attached in the process that receives it (the driver's connection there, a member's
 * connection and key in a task).
 */
final class ClusterLink extends ClusterHandle {
    private static final long serialVersionUID = 1L;

    ClusterLink(ClusterConfig config, String name, HazelcastInstance driver, Signer driverKey) {
        super(config, name, driver, driverKey);
    }

    HazelcastInstance cluster() {
        return hazelcast();
    }

    Signer key() {
        return signer();
    }

    /** The fields that place a value in this object, to which the value's own are added. */
    Signer.Fields place(String kind) {
        return Signer.fields().add(kind).add(name);
    }
}
