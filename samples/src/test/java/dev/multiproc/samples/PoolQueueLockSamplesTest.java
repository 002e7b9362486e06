package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pool, Queue and Lock samples print what the articles' examples print. */
class PoolQueueLockSamplesTest {

    @Test
    void poolSquare() throws Exception {
        assertEquals(List.of("[1, 4, 9, 16]"), SampleRunner.run("pool-square").lines());
    }

    @Test
    void poolNamesRunsFifteenTasksOnFiveWorkers() throws Exception {
        SampleRunner.Result r = SampleRunner.run("pool-names");
        List<String> lines = r.lines();
        assertEquals(16, lines.size(), r.output());
        for (int i = 1; i <= 15; i++) {
            assertTrue(lines.get(i - 1).matches("worker-" + i + " done by PoolWorker-\\d+ \\(pid \\d+\\)"), lines.get(i - 1));
        }
        long workers = lines.subList(0, 15).stream().map(l -> l.replaceAll(".*pid (\\d+).*", "$1")).distinct().count();
        assertTrue(workers >= 2 && workers <= 5, "tasks ran on " + workers + " worker processes");
        assertTrue(lines.get(15).startsWith("15 tasks of 200 ms on 5 processes in "), lines.get(15));
    }

    @Test
    void cpuScalingPrintsATableWithOneTwoAndMoreProcessesThanCpus() throws Exception {
        SampleRunner.Result r = SampleRunner.run("cpu-scaling", "300000");
        List<String> lines = r.lines();
        assertTrue(lines.get(0).startsWith("count primes below 300,000 in 32 chunks"), r.output());
        assertEquals("processes   time (s)   speed-up", lines.get(1));
        assertTrue(lines.get(2).matches("\\s+1\\s+[0-9.]+\\s+1\\.00x"), lines.get(2));
        assertTrue(r.output().contains("(more processes than CPUs)"), r.output());
        assertEquals("25,997 primes", lines.get(lines.size() - 1));
    }

    @Test
    void wordfreqCountsAGeneratedCorpusWithOneAndAllProcesses() throws Exception {
        SampleRunner.Result r = SampleRunner.run("wordfreq");
        String out = r.output();
        assertTrue(out.startsWith("100 files in a generated corpus"), out);
        assertTrue(out.contains("100/100"), "progress bar reaches the end: " + out);
        Matcher top = Pattern.compile("top 10 words:\\n  the\\s+([0-9,]+)\\n").matcher(out);
        assertTrue(top.find(), out);
        assertTrue(out.contains("1 process: ") && out.contains("speed-up: "), out);
    }

    @Test
    void queueHello() throws Exception {
        assertEquals(List.of("Data from worker"), SampleRunner.run("queue-hello").lines());
    }

    @Test
    void queueCountCollectsEveryProcesssResultBeforeJoining() throws Exception {
        assertEquals(List.of("[50000005000000, 200000010000000, 450000015000000, 800000020000000]"),
                SampleRunner.run("queue-count").lines());
    }

    @Test
    void lockPrintNeverInterleavesTheLinesOfTwoProcesses() throws Exception {
        List<String> lines = SampleRunner.run("lock-print").lines();
        assertEquals(6, lines.size());
        String first = lines.get(0).substring(0, "Hello from process 1".length());
        for (int i = 0; i < 3; i++) {
            assertEquals(first + " (line " + (i + 1) + ")", lines.get(i));
        }
        String second = lines.get(3).substring(0, "Hello from process 1".length());
        assertTrue(!first.equals(second));
        for (int i = 3; i < 6; i++) {
            assertEquals(second + " (line " + (i - 2) + ")", lines.get(i));
        }
    }

    @Test
    void lockCounterShowsExactCountsUnderALockAndAtomicallyAndLostUpdatesWithout() throws Exception {
        List<String> lines = SampleRunner.run("lock-counter").lines();
        assertEquals("4 processes x 50000 increments = 200000 expected", lines.get(0));
        assertEquals("under a lock:      200000", lines.get(1));
        assertEquals("atomic increments: 200000", lines.get(2));
        assertTrue(lines.get(3).matches("unprotected:\\s+\\d+ \\(\\d+ updates lost, \\d+%\\)"), lines.get(3));
    }
}
