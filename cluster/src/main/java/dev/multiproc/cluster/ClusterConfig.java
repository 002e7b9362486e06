package dev.multiproc.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.cluster.internal.HazelcastSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ClusterPool} finds its members, the key they share, and how it schedules and
 * survives member loss.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder()
 *         .clusterName("wordfreq")
 *         .members("10.0.0.1:5701", "10.0.0.2:5701")
 *         .authkeyFile(Path.of("/etc/multiproc/authkey"))
 *         .build();
 * }</pre>
 */
public final class ClusterConfig {
    private final String clusterName;
    private final List<String> members;
    private final byte[] authkey;
    private final int retries;
    private final OnMemberLost onMemberLost;
    private final int chunksInFlightPerProcess;
    private final Duration taskTimeout;
    private final Duration connectTimeout;

    private ClusterConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.members = List.copyOf(b.members);
        this.authkey = b.authkey.clone();
        this.retries = b.retries;
        this.onMemberLost = b.onMemberLost;
        this.chunksInFlightPerProcess = b.chunksInFlightPerProcess;
        this.taskTimeout = b.taskTimeout;
        this.connectTimeout = b.connectTimeout;
    }

    /**
     * A builder with the defaults: 2 retries, {@link OnMemberLost#RETRY}, 2 chunks in flight per
     * child JVM of a member, no task timeout, 30 s to connect.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this configuration's settings, to change some.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().clusterName(clusterName).members(members).authkey(authkey).retries(retries)
                .onMemberLost(onMemberLost).chunksInFlightPerProcess(chunksInFlightPerProcess).taskTimeout(taskTimeout);
        b.connectTimeout = connectTimeout;
        return b;
    }

    /** @return the cluster's name */
    public String clusterName() {
        return clusterName;
    }

    /** @return the members' addresses ({@code host} or {@code host:port}) */
    public List<String> members() {
        return members;
    }

    /** @return a copy of the shared key */
    public byte[] authkey() {
        return authkey.clone();
    }

    /** @return how many times a chunk lost with its member runs again */
    public int retries() {
        return retries;
    }

    /** @return what happens to the chunks of a member that left */
    public OnMemberLost onMemberLost() {
        return onMemberLost;
    }

    /** @return the chunks sent ahead to a member per child JVM it runs */
    public int chunksInFlightPerProcess() {
        return chunksInFlightPerProcess;
    }

    /** @return the longest a task may run, or null for no limit */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** @return how long to try to reach the cluster */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Settings for a {@link ClusterConfig}. */
    public static final class Builder {
        private String clusterName;
        private List<String> members = List.of();
        private byte[] authkey;
        private int retries = 2;
        private OnMemberLost onMemberLost = OnMemberLost.RETRY;
        private int chunksInFlightPerProcess = 2;
        private Duration taskTimeout;
        private Duration connectTimeout = Duration.ofSeconds(30);

        Builder() {
        }

        /**
         * The cluster's name, as the members were started with ({@code --cluster-name}).
         *
         * @param name not empty
         * @return this builder
         */
        public Builder clusterName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("the cluster name is empty");
            }
            this.clusterName = name;
            return this;
        }

        /**
         * Members to connect to ({@code host} or {@code host:port}); the others are found through them.
         *
         * @param addresses at least one
         * @return this builder
         */
        public Builder members(String... addresses) {
            return members(Arrays.asList(addresses));
        }

        /**
         * Members to connect to ({@code host} or {@code host:port}); the others are found through them.
         *
         * @param addresses at least one
         * @return this builder
         */
        public Builder members(List<String> addresses) {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("no member address");
            }
            this.members = List.copyOf(addresses);
            return this;
        }

        /**
         * The key shared with the members, read from the file they were started with.
         *
         * @param file the authkey file ({@code --authkey-file})
         * @return this builder
         * @throws UncheckedIOException when the file cannot be read
         */
        public Builder authkeyFile(Path file) {
            try {
                return authkey(Authkeys.read(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the authkey file " + file, e);
            }
        }

        /**
         * The key shared with the members.
         *
         * @param key at least one byte
         * @return this builder
         */
        public Builder authkey(byte[] key) {
            if (key == null || key.length == 0) {
                throw new IllegalArgumentException("the authkey is empty");
            }
            this.authkey = key.clone();
            return this;
        }

        /**
         * How many times a chunk lost with its member runs again (default 2).
         *
         * @param retries 0 or more
         * @return this builder
         */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries < 0: " + retries);
            }
            this.retries = retries;
            return this;
        }

        /**
         * What happens to the chunks of a member that left (default {@link OnMemberLost#RETRY}).
         *
         * @param policy not {@code null}
         * @return this builder
         */
        public Builder onMemberLost(OnMemberLost policy) {
            this.onMemberLost = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The chunks sent ahead to a member per child JVM it runs (default 2): enough that its
         * JVMs never wait for the network, few enough that an idle member gets the next chunk.
         *
         * @param chunks at least 1
         * @return this builder
         */
        public Builder chunksInFlightPerProcess(int chunks) {
            if (chunks < 1) {
                throw new IllegalArgumentException("chunksInFlightPerProcess < 1: " + chunks);
            }
            this.chunksInFlightPerProcess = chunks;
            return this;
        }

        /**
         * A task running longer than this fails with {@link dev.multiproc.pool.TaskTimeoutException},
         * and the child JVM running it on its member is killed (a chunk of n tasks gets n times this).
         *
         * @param timeout positive, or null for no limit (the default)
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("taskTimeout must be positive: " + timeout);
            }
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * How long to try to reach the cluster before giving up (default 30 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * The configuration.
         *
         * @return it
         * @throws IllegalStateException without a cluster name, members or authkey
         */
        public ClusterConfig build() {
            if (clusterName == null || members.isEmpty() || authkey == null) {
                throw new IllegalStateException("a cluster config needs clusterName, members and an authkey");
            }
            return new ClusterConfig(this);
        }
    }

    /** A client connected to this cluster; fails with {@link MultiprocessingException} when no member answers in time. */
    HazelcastInstance connectClient() {
        try {
            return HazelcastClient.newHazelcastClient(
                    HazelcastSettings.client(clusterName(), members(),
                            connectTimeout().toMillis()));
        } catch (RuntimeException e) {
            throw new MultiprocessingException("cannot connect to cluster " + clusterName() + " at " + members()
                    + " within " + connectTimeout().toMillis() + " ms: " + e, e);
        }
    }
}
