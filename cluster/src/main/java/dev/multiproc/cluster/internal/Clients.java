package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast connection and the authkey that a cluster primitive uses in this JVM, by cluster
 * name: the driver's own client, or, in a member's child JVM running a task that uses a
 * primitive, a client made on first use. The key is never sent over the network: the driver has
 * it from its config, a child from its member, through the member's private channel to it
 * ({@link ItemRunner}).
 */
public final class Clients {
    private static final Map<String, HazelcastInstance> CLIENTS = new ConcurrentHashMap<>();
    private static final Map<String, Signer> KEYS = new ConcurrentHashMap<>();

    private Clients() {
    }

    /** The driver's client and key for {@code clusterName}. */
    public static void register(String clusterName, HazelcastInstance client, byte[] authkey) {
        CLIENTS.put(clusterName, client);
        KEYS.put(clusterName, new Signer(authkey));
    }

    public static void unregister(String clusterName, HazelcastInstance client) {
        CLIENTS.remove(clusterName, client);
    }

    static void key(String clusterName, byte[] authkey) {
        KEYS.computeIfAbsent(clusterName, name -> new Signer(authkey));
    }

    public static Signer signer(String clusterName) {
        Signer signer = KEYS.get(clusterName);
        if (signer == null) {
            throw new IllegalStateException("no authkey for cluster " + clusterName + " in this JVM: a cluster primitive"
                    + " works in the driver that made it and in the tasks it runs on the cluster");
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
