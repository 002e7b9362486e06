package dev.multiproc.cluster.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Hazelcast settings of multiproc's members and drivers: TCP-IP join over the listed
 * addresses (no multicast, no cloud discovery), no phone-home, Hazelcast's logging through
 * java.util.logging at WARNING, and the executor that runs chunks sized for waiting tasks.
 * Any {@code -Dhazelcast.*} system property still applies (partition count, heartbeats).
 */
public final class HazelcastSettings {
    /** The name of the executor that runs {@link ChunkTask}s on the members. */
    public static final String EXECUTOR = "multiproc";
    /** The member attribute that tells drivers how many child JVMs a member runs tasks in. */
    public static final String PROCESSES = "multiproc.processes";

    /** Kept: java.util.logging holds loggers weakly, and a collected logger forgets its level. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private HazelcastSettings() {
    }

    public static Config member(String clusterName, List<String> members, String host, int port, int processes) {
        quiet();
        Config config = new Config();
        config.setClusterName(clusterName);
        // Hazelcast's threads take this as their context loader; it is where a member finds the
        // classes its child JVMs ask for (see DriverClasses)
        config.setClassLoader(Thread.currentThread().getContextClassLoader());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        if (host != null) {
            config.getNetworkConfig().setPublicAddress(host + ":" + port);
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
        }
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        config.getMemberAttributeConfig().setAttribute(PROCESSES, Integer.toString(processes));
        // each waiting chunk holds an executor thread; the driver keeps at most a window per member
        config.getExecutorConfig(EXECUTOR).setPoolSize(Math.max(16, 8 * processes));
        return config;
    }

    public static ClientConfig client(String clusterName, List<String> addresses, long connectMillis) {
        quiet();
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(addresses);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectMillis);
        return config;
    }

    private static void quiet() {
        if (System.getProperty("multiproc.cluster.hazelcastLogLevel") != null) {
            HAZELCAST_LOG.setLevel(Level.parse(System.getProperty("multiproc.cluster.hazelcastLogLevel")));
        } else if (HAZELCAST_LOG.getLevel() == null) {
            HAZELCAST_LOG.setLevel(Level.WARNING);
        }
    }
}
