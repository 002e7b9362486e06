package dev.multiproc.cluster;

import java.util.HashSet;
import java.util.Set;

/**
 * One cluster of three members for the whole test run: starting members is most of this module's
 * test time, so the test classes share them. They exit with the test JVM (they watch their
 * standard input); {@link ChildLeakCheck} counts them, and their child JVMs, as expected.
 */
public final class SharedCluster {
    private static LocalCluster cluster;

    private SharedCluster() {
    }

    /** @return the cluster, started on first use */
    public static synchronized LocalCluster get() {
        if (cluster == null) {
            cluster = LocalCluster.start(3, 1);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-cluster-close"));
        }
        return cluster;
    }

    /** The pids of the shared members and of their child JVMs now. */
    static synchronized Set<Long> processes() {
        Set<Long> pids = new HashSet<>();
        if (cluster != null) {
            for (ProcessHandle member : cluster.members()) {
                pids.add(member.pid());
                member.descendants().forEach(p -> pids.add(p.pid()));
            }
        }
        return pids;
    }
}
