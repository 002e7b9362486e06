package dev.multiproc.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.Multiprocessing;
import dev.multiproc.cluster.internal.DriverClasses;
import dev.multiproc.cluster.internal.HazelcastSettings;
import dev.multiproc.cluster.internal.MemberRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster member: the program to start on each machine that should run tasks of a
 * {@link ClusterPool}. It joins the other members over TCP-IP (no multicast) and runs the tasks
 * it receives in its own pool of child JVMs, so that a task timeout or a cancel kills the task
 * for real. It needs only multiproc's and Hazelcast's jars: the classes of the tasks are fetched
 * from the program that submits them.
 *
 * <pre>
 * java -cp multiproc-core.jar:multiproc-hazelcast.jar:hazelcast-5.7.0.jar dev.multiproc.cluster.Member \
 *     --cluster-name wordfreq --members 10.0.0.1,10.0.0.2,10.0.0.3 --port 5701 \
 *     --authkey-file /etc/multiproc/authkey [--processes 4] [--host 10.0.0.1]
 * </pre>
 *
 * <p>Options: {@code --cluster-name} (required) and the authkey file (required, its bytes are the
 * key; the same file on every member and driver, readable only by their user) keep clusters
 * apart; {@code --members} lists the members' hosts, each with an optional {@code :port};
 * {@code --port} is this member's (default 5701); {@code --processes} the child JVMs it runs
 * tasks in (default: its CPUs); {@code --host} the address to bind and advertise;
 * {@code --exit-with-parent} makes it exit when its standard input closes (what
 * {@link LocalCluster} uses, so that members die with the program that started them).
 *
 * <p>It prints one line when it has joined: {@code multiproc member ready <uuid> <address> processes=<n>}.
 */
public final class Member {
    /** The line a member prints on standard output once it has joined its cluster. */
    public static final String READY = "multiproc member ready";

    private Member() {
    }

    /**
     * Starts a member and returns once it has joined; it runs until its JVM exits.
     *
     * @param args the options above
     * @throws IOException when the authkey file cannot be read
     */
    public static void main(String[] args) throws IOException {
        // before any thread starts: the members' threads inherit it, and it is where the process
        // server looks for classes a child JVM lacks (they come from the drivers)
        DriverClasses classes = MemberRuntime.prepare();
        Thread.currentThread().setContextClassLoader(classes);
        Options options = Options.parse(args);
        byte[] authkey = Authkeys.read(options.authkeyFile);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(HazelcastSettings.member(
                options.clusterName, options.members, options.host, options.port, options.processes));
        MemberRuntime runtime = MemberRuntime.install(hazelcast, authkey, options.processes, classes);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::shutdown, "multiproc-member-shutdown"));
        System.out.println(READY + " " + hazelcast.getCluster().getLocalMember().getUuid() + " "
                + hazelcast.getCluster().getLocalMember().getAddress() + " processes=" + options.processes);
        System.out.flush();
        if (options.exitWithParent) {
            Thread watcher = new Thread(() -> exitAtEndOfInput(runtime), "multiproc-member-parent");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    /** The parent closed our standard input, or died: exit at once, and the child JVMs with us. */
    private static void exitAtEndOfInput(MemberRuntime runtime) {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing is sent on it; only its end matters
            }
        } catch (IOException gone) {
            // the same as the end
        }
        runtime.shutdown();
        Runtime.getRuntime().halt(0);
    }

    /** The command line, checked. */
    static final class Options {
        String clusterName;
        List<String> members = new ArrayList<>();
        String host;
        int port = 5701;
        Path authkeyFile;
        int processes = Multiprocessing.cpuCount();
        boolean exitWithParent;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--cluster-name": o.clusterName = value(args, ++i, arg); break;
                    case "--members": o.members = Arrays.asList(value(args, ++i, arg).split(",")); break;
                    case "--host": o.host = value(args, ++i, arg); break;
                    case "--port": o.port = number(value(args, ++i, arg), arg, 1, 65535); break;
                    case "--authkey-file": o.authkeyFile = Path.of(value(args, ++i, arg)); break;
                    case "--processes": o.processes = number(value(args, ++i, arg), arg, 1, 4096); break;
                    case "--exit-with-parent": o.exitWithParent = true; break;
                    default: throw new IllegalArgumentException("unknown option " + arg + "; expected --cluster-name, "
                            + "--members, --port, --authkey-file, --processes, --host or --exit-with-parent");
                }
            }
            if (o.clusterName == null || o.authkeyFile == null || o.members.isEmpty()) {
                throw new IllegalArgumentException("--cluster-name, --members and --authkey-file are required");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String text, String option, int min, int max) {
            try {
                int n = Integer.parseInt(text);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ": " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number: " + text, e);
            }
        }
    }
}
