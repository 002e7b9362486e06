package dev.multiproc.samples;

import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterPool;
import dev.multiproc.cluster.LocalCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The flagship on a cluster: the same word count, with {@code new Pool(n)} changed to
 * {@code new ClusterPool(config)}. The texts travel to the members (they need no shared disk,
 * and not this program's classes: those are fetched from here).
 *
 * <pre>
 * java -jar multiproc-samples.jar cluster-wordfreq [DIR]          (3 members started on this machine)
 * java -jar multiproc-samples.jar cluster-wordfreq --members 10.0.0.1,10.0.0.2 --cluster-name wordfreq \
 *     --authkey-file authkey [DIR]                                   (members started on those machines)
 * </pre>
 */
final class ClusterWordFreq {
    private ClusterWordFreq() {
    }

    static void run(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String members = option(rest, "--members");
        String name = option(rest, "--cluster-name");
        String keyFile = option(rest, "--authkey-file");
        boolean generated = rest.isEmpty();
        Path dir = generated ? Files.createTempDirectory("wordfreq-") : Path.of(rest.get(0));
        if (generated) {
            WordFreq.Corpus.write(dir, 100, 60_000);
        }
        LocalCluster local = null;
        try {
            ClusterConfig config;
            if (members == null) {
                System.out.println("starting 3 members on this machine...");
                local = LocalCluster.start(3, 1);
                config = local.config();
            } else {
                config = ClusterConfig.builder().clusterName(name).members(members.split(","))
                        .authkeyFile(Path.of(keyFile)).build();
            }
            List<String> texts = new ArrayList<>();
            for (String file : WordFreq.textFiles(dir)) {
                texts.add(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            }
            try (ClusterPool pool = new ClusterPool(config)) {
                System.out.printf("%d files in %s, on %d members (%d processes)%n", texts.size(),
                        generated ? "a generated corpus" : dir, pool.members(), pool.processes());
                long start = System.nanoTime();
                List<HashMap<String, Integer>> perFile = pool.map(WordFreq::countText, texts, 1);
                Map<String, Integer> total = new HashMap<>();
                perFile.forEach(counts -> counts.forEach((w, n) -> total.merge(w, n, Integer::sum)));
                double seconds = (System.nanoTime() - start) / 1e9;
                WordFreq.printTop(total);
                System.out.printf("%non the cluster: %.2f s (the first call also starts each member's child JVMs)%n", seconds);
            }
        } finally {
            if (local != null) {
                local.close();
            }
            if (generated) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Removes {@code --name value} from {@code args}; its value, or null. */
    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.remove(at + 1);
        args.remove(at);
        return value;
    }
}
