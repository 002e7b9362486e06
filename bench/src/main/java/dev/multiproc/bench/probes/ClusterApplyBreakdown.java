package dev.multiproc.bench.probes;

import dev.multiproc.SerializableFunction;
import dev.multiproc.bench.rows.BareSubmit;
import dev.multiproc.cluster.ClusterPool;
import dev.multiproc.cluster.LocalCluster;
import dev.multiproc.cluster.internal.ChunkTask;
import dev.multiproc.cluster.internal.Signer;
import dev.multiproc.pool.Pool;
import dev.multiproc.spi.ValueCodec;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the time of a {@code cluster.apply} round trip goes, next to the bench row's bare
 * Hazelcast submit: the parts of the path that can be timed alone, each as the median of n calls,
 * in the same run. Not a bench row (no goal); a probe for whoever works on the cluster's latency.
 *
 * <pre>
 * java -cp bench/target/multiproc-bench.jar dev.multiproc.bench.probes.ClusterApplyBreakdown [n] [rounds] [member JVM options...]
 * </pre>
 */
public final class ClusterApplyBreakdown {
    private ClusterApplyBreakdown() {
    }

    static int square(int x) {
        return x * x;
    }

    /** One timed call, the i-th. */
    interface Call {
        void run(int i) throws Exception;
    }

    static double medianMillis(int n, Call call) throws Exception {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.run(i);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[n / 2];
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> memberOptions = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        SerializableFunction<Integer, Integer> fn = ClusterApplyBreakdown::square;
        try (LocalCluster cluster = LocalCluster.start(3, 1, memberOptions);
             ClusterPool pool = new ClusterPool(cluster.config());
             Pool local = new Pool(1)) {
            pool.map(fn, IntStream.range(0, 100).boxed().toList(), 1); // each member's child JVM starts
            local.map(fn, IntStream.range(0, 100).boxed().toList(), 1);
            try (BareSubmit bare = new BareSubmit(cluster.config())) {
                Signer signer = new Signer(new byte[32]);
                for (int r = 0; r < rounds; r++) {
                    double apply = medianMillis(n, i -> pool.apply(fn, i));
                    double bareSubmit = medianMillis(n, i -> bare.roundTrip());
                    double childHop = medianMillis(n, i -> local.apply(fn, i));
                    double envelope = medianMillis(n, i -> new ChunkTask(signer, "s", "o", i, 0, ValueCodec.encodeLambda(fn),
                            new byte[][] {ValueCodec.encode(i)}));
                    System.out.printf("round %d: cluster apply %.3f ms, bare submit %.3f ms (x%.2f); a local Pool(1).apply"
                            + " (the member's hop to its child JVM) %.3f ms; the driver's encoding and signing %.4f ms%n",
                            r, apply, bareSubmit, apply / bareSubmit, childHop, envelope);
                }
            }
        }
    }
}
