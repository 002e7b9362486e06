package dev.multiproc.samples;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The flagship: word frequencies over a directory of text files ("process 100 text files" made
 * real), once with one process and once with all of them, with a progress bar.
 *
 * <pre>
 * java -jar multiproc-samples.jar wordfreq [DIR]      (no DIR: a generated corpus of 100 files)
 * </pre>
 */
final class WordFreq {
    private static final int TOP = 10;

    private WordFreq() {
    }

    /** Counts the words of one file: the task each worker runs. */
    static HashMap<String, Integer> countWords(String file) {
        try {
            return countText(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Counts the words of one text. */
    static HashMap<String, Integer> countText(String text) {
        HashMap<String, Integer> counts = new HashMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            if (!word.isEmpty()) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }

    static void run(String[] args) throws IOException, InterruptedException {
        Path dir;
        boolean generated = args.length == 0;
        if (generated) {
            dir = Files.createTempDirectory("wordfreq-");
            Corpus.write(dir, 100, 60_000);
        } else {
            dir = Path.of(args[0]);
        }
        try {
            List<String> files = textFiles(dir);
            if (files.isEmpty()) {
                System.err.println("no .txt files in " + dir);
                System.exit(2);
            }
            System.out.printf("%d files in %s; each pool runs one untimed warm-up pass%n", files.size(),
                    generated ? "a generated corpus" : dir);
            int cores = Multiprocessing.cpuCount();
            Run one = count(files, 1);
            Run all = count(files, cores);
            if (!one.counts.equals(all.counts)) {
                throw new IllegalStateException("1 and " + cores + " processes disagree");
            }
            printTop(all.counts);
            System.out.printf("%n1 process:   %.2f s%n%d processes: %.2f s%nspeed-up:    %.2fx%n",
                    one.seconds, cores, all.seconds, one.seconds / all.seconds);
        } finally {
            if (generated) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** The table of the most frequent words. */
    static void printTop(Map<String, Integer> counts) {
        System.out.println("\ntop " + TOP + " words:");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .forEach(e -> System.out.printf("  %-12s %,d%n", e.getKey(), e.getValue()));
    }

    private record Run(Map<String, Integer> counts, double seconds) {
    }

    private static Run count(List<String> files, int processes) throws InterruptedException {
        try (Pool pool = new Pool(processes)) {
            pool.awaitReady(Duration.ofMinutes(2));
            // One untimed pass first: each worker JVM compiles the counting code (the JIT needs more
            // than a few files), so both timings compare steady states, not compilers at work.
            pool.map(WordFreq::countWords, files, 1);
            long start = System.nanoTime();
            ProgressBar bar = new ProgressBar(processes + (processes == 1 ? " process  " : " processes"), System.out);
            List<HashMap<String, Integer>> perFile = pool.map(WordFreq::countWords, files, 1, bar::update);
            Map<String, Integer> total = new HashMap<>();
            perFile.forEach(counts -> counts.forEach((w, n) -> total.merge(w, n, Integer::sum)));
            double seconds = (System.nanoTime() - start) / 1e9;
            bar.finish(seconds);
            return new Run(total, seconds);
        }
    }

    static List<String> textFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".txt") && Files.isRegularFile(p))
                    .map(Path::toString).sorted().toList();
        }
    }

    /** A text progress bar on one line of {@code out}, redrawn in place. */
    static final class ProgressBar {
        private static final int WIDTH = 30;
        private final String label;
        private final PrintStream out;
        private int drawn = -1;

        ProgressBar(String label, PrintStream out) {
            this.label = label;
            this.out = out;
        }

        synchronized void update(long done, long total) {
            if (total <= 0) {
                return;
            }
            int filled = (int) (WIDTH * done / total);
            if (filled != drawn) {
                drawn = filled;
                out.printf("\r%s [%s%s] %d/%d", label, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total);
                out.flush();
            }
        }

        /** Ends the bar's line with the run time. */
        synchronized void finish(double seconds) {
            out.printf("  %.2f s%n", seconds);
        }

        /** Ends the bar's line. */
        synchronized void end() {
            out.println();
        }
    }

    /** A reproducible corpus: Zipf-distributed words, so the top words look like real text. */
    static final class Corpus {
        private static final String[] WORDS = ("the of and to in a is that for it as was with be by on not he i this are or his"
                + " from at which but have an they you were her she there would their we him been has when who will more no if"
                + " out so said what up its about into than them can only other new some could time these two may then do first"
                + " any my now such like our over man me even most made after also did many before must through back years where"
                + " much your way well down should because each just those people how too little state good very make world still"
                + " own see men work long get here between both life being under never day same another know while last might us"
                + " great old year off come since against go came right used take three process pool queue lock pipe worker").split(" ");

        private Corpus() {
        }

        static void write(Path dir, int files, int wordsPerFile) throws IOException {
            Random random = new Random(42);
            double[] cumulative = new double[WORDS.length];
            double sum = 0;
            for (int i = 0; i < WORDS.length; i++) {
                sum += 1.0 / (i + 1);
                cumulative[i] = sum;
            }
            List<String> names = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                StringBuilder text = new StringBuilder(wordsPerFile * 6);
                for (int w = 0; w < wordsPerFile; w++) {
                    double r = random.nextDouble() * sum;
                    int index = java.util.Arrays.binarySearch(cumulative, r);
                    text.append(WORDS[index >= 0 ? index : Math.min(WORDS.length - 1, -index - 1)]);
                    text.append(w % 12 == 11 ? ".\n" : " ");
                }
                String name = String.format("text-%03d.txt", f);
                Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
                names.add(name);
            }
        }
    }
}
