package dev.multiproc.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Article 003's programs: each {@code computer_i} starts once and finishes once after its random
 * 1 to 4 s, in an order that changes from run to run, as the article says.
 *
 * <p>The three samples mostly sleep, so their tests run at the same time (with each other only: the
 * class runs alone); their timing checks use the times the lines arrived, not the JVMs' start-up.
 */
class WorkerSamplesTest {
    private static final Pattern STARTED = Pattern.compile("Started worker (computer_\\d+)");
    private static final Pattern FINISHED = Pattern.compile("(computer_\\d+) worker finished in ([1-4]) seconds");

    /** {@code workers} and its {@code Process} subclass twin {@code worker-subclass}. */
    @ParameterizedTest
    @ValueSource(strings = {"workers", "worker-subclass"})
    @Execution(ExecutionMode.CONCURRENT)
    void fiveWorkersRunAtOnce(String sample) throws Exception {
        SampleRunner.Result r = SampleRunner.run(sample);
        Map<String, Integer> sleeps = checkWorkers(r, 5);
        assertRunAtOnce(r, sleeps);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void poolNamesRunsFifteenWorkersAtMostFiveAtATime() throws Exception {
        SampleRunner.Result r = SampleRunner.run("pool-names");
        Map<String, Integer> sleeps = checkWorkers(r, 15);
        int running = 0;
        int most = 0;
        for (String line : r.lines()) {
            running += STARTED.matcher(line).matches() ? 1 : -1;
            most = Math.max(most, running);
        }
        assertTrue(most >= 2 && most <= 5, "Pool(5) ran " + most + " workers at once: " + r.output());
        int total = sleeps.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(firstToLast(r) < total * 1000L, "15 sleeps of " + total + " s in all took " + firstToLast(r) + " ms on 5 processes");
    }

    /**
     * Every worker {@code computer_0} to {@code computer_(count-1)} printed its start, then, after
     * the seconds it says, its end. Returns the seconds by worker.
     */
    private static Map<String, Integer> checkWorkers(SampleRunner.Result r, int count) {
        assertEquals(2 * count, r.lines().size(), r.output());
        Map<String, Long> started = new HashMap<>();
        Map<String, Integer> sleeps = new HashMap<>();
        for (SampleRunner.Line line : r.stdout()) {
            Matcher start = STARTED.matcher(line.text());
            Matcher end = FINISHED.matcher(line.text());
            if (start.matches()) {
                assertNull(started.put(start.group(1), line.millis()), "started twice: " + r.output());
            } else {
                assertTrue(end.matches(), line.text());
                Long startedAt = started.get(end.group(1));
                assertNotNull(startedAt, "finished before it started: " + r.output());
                int seconds = Integer.parseInt(end.group(2));
                assertNull(sleeps.put(end.group(1), seconds), "finished twice: " + r.output());
                // both lines come through the same pipe: a late start line can only shorten the gap
                assertTrue(line.millis() - startedAt >= seconds * 1000L - 500,
                        end.group(1) + " slept " + seconds + " s but its lines came " + (line.millis() - startedAt) + " ms apart");
            }
        }
        for (int i = 0; i < count; i++) {
            assertTrue(sleeps.containsKey("computer_" + i), "computer_" + i + " missing: " + r.output());
        }
        return sleeps;
    }

    /**
     * At once, the workers take about the longest sleep from the first start to the last end; one
     * after another, they would take the sum of their sleeps, at least 4 s more.
     */
    private static void assertRunAtOnce(SampleRunner.Result r, Map<String, Integer> sleeps) {
        int longest = sleeps.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int total = sleeps.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(firstToLast(r) >= longest * 1000L - 500, firstToLast(r) + " ms");
        assertTrue(firstToLast(r) < total * 1000L, "sleeps of " + sleeps + " took " + firstToLast(r) + " ms");
    }

    /** Milliseconds from the first line to the last. */
    private static long firstToLast(SampleRunner.Result r) {
        return r.stdout().get(r.stdout().size() - 1).millis() - r.stdout().get(0).millis();
    }
}
