package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code list} names every sample with the article it reproduces, or marks it as an extra. */
class SamplesListTest {

    /** One sample per example of the seed articles, under these names. */
    private static final Map<String, String> ARTICLE_EXAMPLES = new LinkedHashMap<>();

    static {
        for (String name : List.of("processing", "daemons", "join", "terminate", "threads", "thread-lock-counter", "threads-join")) {
            ARTICLE_EXAMPLES.put(name, "000");
        }
        for (String name : List.of("square-cube", "pids")) {
            ARTICLE_EXAMPLES.put(name, "001");
        }
        for (String name : List.of("cpu-pids", "cpu-scaling", "cpu-lock-print", "queue-count")) {
            ARTICLE_EXAMPLES.put(name, "002");
        }
        for (String name : List.of("workers", "worker-subclass", "pool-names")) {
            ARTICLE_EXAMPLES.put(name, "003");
        }
        for (String name : List.of("hello", "queue-hello", "pool-square", "lock-print")) {
            ARTICLE_EXAMPLES.put(name, "004");
        }
    }

    @Test
    void listShowsEachArticleExampleWithItsArticleAndTheRestAsExtras() throws Exception {
        List<String> lines = SampleRunner.run("list").lines();
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : lines.subList(3, lines.size())) {
            String[] columns = line.strip().split(" +", 3);
            listed.put(columns[0], columns[1]);
        }
        assertEquals(Samples.all().keySet(), listed.keySet(), String.join("\n", lines));
        listed.forEach((name, article) -> assertEquals(ARTICLE_EXAMPLES.getOrDefault(name, Sample.EXTRA), article, name));
        assertTrue(listed.keySet().containsAll(ARTICLE_EXAMPLES.keySet()), String.join("\n", lines));
        for (String extra : List.of("wordfreq", "wordfreq-dsl", "lock-counter", "dsl-processing", "dsl-pool-square", "dsl-queue")) {
            assertEquals(Sample.EXTRA, listed.get(extra), extra);
        }
    }
}
