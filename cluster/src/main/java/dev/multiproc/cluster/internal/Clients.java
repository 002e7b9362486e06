package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast connection and the authkey that a cluster primitive uses in a member's child JVM
 * running a task, by cluster name: a client made on first use, and the member's key. The key is
 * never sent over the network: the child has it from its member, through the member's private
 * channel to it ({@link ItemRunner}). In the driver, primitives use their pool's client and key.
 */
public final class Clients {
    private static final Map<String, HazelcastInstance> CLIENTS = new ConcurrentHashMap<>();
    private static final Map<String, Signer> KEYS = new ConcurrentHashMap<>();

    private Clients() {
    }

    static void key(String clusterName, byte[] authkey) {
        KEYS.computeIfAbsent(clusterName, name -> new Signer(authkey));
    }

    /**
     * Makes a driver's connection and key those of the handles decoded in this JVM (a handle read
     * back from a cluster structure), until {@link #release}.
     */
    public static void adopt(String clusterName, HazelcastInstance client, byte[] authkey) {
        key(clusterName, authkey);
        synchronized (CLIENTS) {
            HazelcastInstance known = CLIENTS.get(clusterName);
            if (known == null || !known.getLifecycleService().isRunning()) {
                CLIENTS.put(clusterName, client);
            }
        }
    }

    /** Forgets {@code client}, which is closing, if {@link #adopt} made it the cluster's connection here. */
    public static void release(String clusterName, HazelcastInstance client) {
        CLIENTS.remove(clusterName, client);
    }

    public static Signer signer(String clusterName) {
        Signer signer = KEYS.get(clusterName);
        if (signer == null) {
            throw new IllegalStateException("no authkey for cluster " + clusterName + " in this JVM: a cluster primitive"
                    + " works in the driver whose pool made it and in the tasks that pool runs");
        }
        return signer;
    }

    public static HazelcastInstance client(String clusterName, List<String> addresses) {
        HazelcastInstance known = CLIENTS.get(clusterName);
        if (known != null && known.getLifecycleService().isRunning()) {
            return known;
        }
        synchronized (CLIENTS) {
            known = CLIENTS.get(clusterName);
            if (known == null || !known.getLifecycleService().isRunning()) {
                known = HazelcastClient.newHazelcastClient(HazelcastSettings.client(clusterName, addresses, 30_000));
                CLIENTS.put(clusterName, known);
            }
            return known;
        }
    }
}
