package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.pool.Pool;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * N {@link Member}s on this machine, for tests and demos: started in parallel as child JVMs on
 * 127.0.0.1, with a fresh cluster name and authkey, and a class path of multiproc's and
 * Hazelcast's jars only (so, as on real machines, your classes reach them from the driver).
 * Each member exits when this JVM exits, however it ends (it watches its standard input).
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(3, 1);
 *      ClusterPool pool = new ClusterPool(cluster.config())) {
 *     pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("multiproc.cluster.startSeconds", 90));

    private final String clusterName;
    private final Path directory;
    private final Path authkeyFile;
    private final List<String> addresses;
    private final List<Process> members;
    private final int processes;
    private final List<String> jvmOptions;

    private LocalCluster(String clusterName, Path directory, Path authkeyFile, List<String> addresses, List<Process> members,
                         int processes, List<String> jvmOptions) {
        this.processes = processes;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.clusterName = clusterName;
        this.directory = directory;
        this.authkeyFile = authkeyFile;
        this.addresses = addresses;
        this.members = members;
    }

    /**
     * Starts {@code count} members of {@code processes} child JVMs each, and waits until they have joined.
     *
     * @param count     how many members, at least 1
     * @param processes the child JVMs each member runs tasks in, at least 1
     * @return the running cluster; close it to stop the members
     * @throws MultiprocessingException when a member does not start or the members do not join within 90 s
     */
    public static LocalCluster start(int count, int processes) {
        return start(count, processes, List.of());
    }

    /**
     * As {@link #start(int, int)}, with extra JVM options for the members (e.g. {@code -Dhazelcast.*} properties).
     *
     * @param count      how many members, at least 1
     * @param processes  the child JVMs each member runs tasks in, at least 1
     * @param jvmOptions options added to each member's command line
     * @return the running cluster; close it to stop the members
     */
    public static LocalCluster start(int count, int processes, List<String> jvmOptions) {
        if (count < 1 || processes < 1) {
            throw new IllegalArgumentException("a local cluster needs at least 1 member of 1 process: " + count + ", " + processes);
        }
        String name = "multiproc-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir;
        Path key;
        try {
            dir = Files.createTempDirectory("multiproc-cluster", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            key = Authkeys.create(dir.resolve("authkey"));
            // a cluster left open until the JVM exits (one shared by a test run) leaves no key
            // behind: deleted in the reverse order of these calls, the file before its directory
            dir.toFile().deleteOnExit();
            key.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local cluster's authkey", e);
        }
        List<Integer> ports = freePorts(count);
        List<String> addresses = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int port : ports) {
            addresses.add("127.0.0.1:" + port);
        }
        List<Process> processesStarted = new java.util.concurrent.CopyOnWriteArrayList<>();
        LocalCluster cluster = new LocalCluster(name, dir, key, addresses, processesStarted, processes, jvmOptions);
        long started = System.nanoTime();
        try {
            List<CompletableFuture<String>> ready = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Process p = launch(name, addresses, ports.get(i), key, processes, jvmOptions);
                processesStarted.add(p);
                ready.add(readyLine(p, i));
            }
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            for (int i = 0; i < count; i++) {
                try {
                    ready.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new MultiprocessingException("member " + i + " of " + name + " did not start within "
                            + START_TIMEOUT.toSeconds() + " s");
                } catch (Exception e) {
                    throw new MultiprocessingException("member " + i + " of " + name + " did not start: " + e.getMessage(), e);
                }
            }
            System.Logger log = System.getLogger("dev.multiproc.cluster");
            log.log(System.Logger.Level.DEBUG, "{0} members of {1} ready in {2} ms", count, name,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static Process launch(String name, List<String> addresses, int port, Path key, int processes,
                                  List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        // a small cluster on one machine: few partitions, no waiting before the join, a dead member noticed in seconds
        command.add("-Dhazelcast.partition.count=" + Math.max(7, 2 * addresses.size() + 1));
        command.add("-Dhazelcast.wait.seconds.before.join=0");
        command.add("-Dhazelcast.max.no.heartbeat.seconds=10");
        command.add("-Dhazelcast.heartbeat.interval.seconds=1");
        // the access Hazelcast asks for at start (it runs without, slower, and warns)
        command.addAll(List.of("--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(memberClasspath());
        command.add(Member.class.getName());
        command.addAll(List.of("--cluster-name", name, "--members", String.join(",", addresses), "--port",
                Integer.toString(port), "--authkey-file", key.toString(), "--processes", Integer.toString(processes),
                "--host", "127.0.0.1", "--exit-with-parent"));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MultiprocessingException("cannot start a member: " + command, e);
        }
    }

    /** Completes with the member's ready line; the rest of its output is copied to this JVM's stderr. */
    private static CompletableFuture<String> readyLine(Process p, int index) {
        CompletableFuture<String> ready = new CompletableFuture<>();
        StringBuilder early = new StringBuilder();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith(Member.READY)) {
                        ready.complete(line);
                    } else {
                        if (!ready.isDone() && early.length() < 16_000) {
                            early.append(line).append('\n');
                        }
                        System.err.println("[member " + index + "] " + line);
                    }
                }
            } catch (IOException gone) {
                // the member exited
            }
            ready.completeExceptionally(new MultiprocessingException("member " + index + " exited with "
                    + waitFor(p) + " before it was ready:\n" + early));
        }, "multiproc-member-output " + index);
        pump.setDaemon(true);
        pump.start();
        return ready;
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** multiproc's and Hazelcast's own jars (or class directories): no class of the application. */
    static String memberClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(Pool.class, Member.class, HazelcastInstance.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException e) {
                throw new MultiprocessingException("cannot tell where " + c.getName() + " was loaded from", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a member", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // it was only held to pick the number
                }
            }
        }
    }

    /**
     * A driver's configuration for this cluster.
     *
     * @return the cluster's name, addresses and authkey, with the defaults
     */
    public ClusterConfig config() {
        return ClusterConfig.builder().clusterName(clusterName).members(addresses).authkeyFile(authkeyFile).build();
    }

    /** @return the cluster's name */
    public String clusterName() {
        return clusterName;
    }

    /** @return the members' addresses, {@code 127.0.0.1:port} */
    public List<String> addresses() {
        return addresses;
    }

    /** @return the authkey file the members were started with */
    public Path authkeyFile() {
        return authkeyFile;
    }

    /**
     * The member JVMs, in start order, e.g. to kill one.
     *
     * @return a snapshot of their process handles
     */
    public List<ProcessHandle> members() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process p : members) {
            out.add(p.toHandle());
        }
        return out;
    }

    /**
     * Kills member {@code index} with SIGKILL, as a machine that dies; its child JVMs exit with it.
     *
     * @param index the member's place in {@link #members()}
     */
    public void kill(int index) {
        members.get(index).destroyForcibly();
    }

    /**
     * Starts a new member in place of member {@code index} (killed before, or killed now), on a
     * new port, and waits until it has joined the others.
     *
     * @param index the member's place in {@link #members()}
     * @throws MultiprocessingException when it does not start within 90 s
     */
    public void replace(int index) {
        Process old = members.get(index);
        old.destroyForcibly();
        int port = freePorts(1).get(0);
        String address = "127.0.0.1:" + port;
        List<String> known = new ArrayList<>(addresses);
        known.set(index, address);
        Process p = launch(clusterName, known, port, authkeyFile, processes, jvmOptions);
        members.set(index, p);
        addresses.set(index, address);
        try {
            readyLine(p, index).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new MultiprocessingException("the member replacing member " + index + " did not start: " + e, e);
        }
    }

    /** Stops every member (their standard input closes and they exit), waiting at most 10 s for each. */
    @Override
    public void close() {
        for (Process p : members) {
            try {
                p.getOutputStream().close();
            } catch (IOException alreadyGone) {
                // it exited
            }
        }
        for (Process p : members) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(authkeyFile);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a temporary directory; nothing depends on it
        }
    }
}
