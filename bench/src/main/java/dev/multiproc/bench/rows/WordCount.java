package dev.multiproc.bench.rows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The flagship job's parts, with the corpus and the word rule of CPython's baseline section 11:
 * every {@code .py} file under a directory, sorted by path, skipping directories named
 * {@code site-packages} or {@code dist-packages}; a word is a maximal run of ASCII letters,
 * lower-cased.
 */
public final class WordCount {
    private WordCount() {
    }

    /** The word frequencies of one file: the task each worker runs. */
    public static HashMap<String, Integer> count(String file) {
        byte[] text;
        try {
            text = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        HashMap<String, Integer> counts = new HashMap<>();
        char[] word = new char[64];
        int i = 0;
        while (i < text.length) {
            if (!isLetter(text[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length && isLetter(text[i])) {
                i++;
            }
            int length = i - start;
            if (word.length < length) {
                word = new char[length * 2];
            }
            for (int k = 0; k < length; k++) {
                word[k] = (char) (text[start + k] | 0x20); // ASCII letters only: lower case is one bit
            }
            counts.merge(new String(word, 0, length), 1, Integer::sum);
        }
        return counts;
    }

    private static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** Adds {@code counts} into {@code total}: the merge in the parent. */
    public static void merge(Map<String, Integer> total, Map<String, Integer> counts) {
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            total.merge(entry.getKey(), entry.getValue(), Integer::sum);
        }
    }

    /** The whole job in this thread. */
    public static HashMap<String, Integer> sequential(List<String> files) {
        HashMap<String, Integer> total = new HashMap<>();
        for (String file : files) {
            merge(total, count(file));
        }
        return total;
    }

    /** Sum of all counts. */
    public static long words(Map<String, Integer> total) {
        long sum = 0;
        for (int n : total.values()) {
            sum += n;
        }
        return sum;
    }

    /** The corpus files under {@code root}, as the baseline script lists them. */
    public static List<String> corpus(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".py"))
                    .filter(p -> !underSkipped(root.relativize(p)))
                    .forEach(p -> files.add(p.toString()));
        }
        files.sort(null);
        return files;
    }

    private static boolean underSkipped(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String dir = relative.getName(i).toString();
            if (dir.equals("site-packages") || dir.equals("dist-packages")) {
                return true;
            }
        }
        return false;
    }

    /** The standard library directory of {@code python3}, the baseline's default corpus. */
    public static Path pythonStdlib() throws IOException, InterruptedException {
        Process python = new ProcessBuilder("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
                .redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes()).trim();
        if (python.waitFor() != 0 || out.isEmpty()) {
            throw new IOException("python3 did not print its standard library directory: " + out);
        }
        return Path.of(out);
    }
}
