package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The samples beyond the articles (the Kotlin DSL ones: DslSamplesTest). */
class ExtraSamplesTest {

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
    void clusterWordfreqCountsTheGeneratedCorpusOnThreeLocalMembers() throws Exception {
        SampleRunner.Result r = SampleRunner.run("cluster-wordfreq");
        String out = r.output();
        assertTrue(out.contains("100 files in a generated corpus, on 3 members (3 processes)"), out);
        // the corpus is generated from a fixed seed: the same counts as the local wordfreq prints
        Matcher top = Pattern.compile("top 10 words:\\n  the\\s+1,069,469\\n  of\\s+535,683\\n").matcher(out);
        assertTrue(top.find(), out);
        assertTrue(out.contains("on the cluster: "), out);
    }

    @Test
    void lockCounterShowsExactCountsUnderALockAndAtomicallyAndLostUpdatesWithout() throws Exception {
        List<String> lines = SampleRunner.run("lock-counter").lines();
        assertEquals("4 processes x 50000 increments = 200000 expected", lines.get(0));
        assertEquals("under a lock:      200000", lines.get(1));
        assertEquals("atomic increments: 200000", lines.get(2));
        assertTrue(lines.get(3).matches("unprotected:\\s+\\d+ \\(\\d+ updates lost, \\d+%\\)"), lines.get(3));
    }

    @Test
    void daemonVsNonDaemonTerminatesOnlyTheDaemonWithTheMainProcess() throws Exception {
        SampleRunner.Result r = SampleRunner.run("daemon-vs-non-daemon");
        assertEquals(List.of("Starting: daemon", "Starting: non-daemon", "Exiting : non-daemon", "d.isAlive() true"), r.lines());
        assertTrue(r.millis() < 25_000, "the 30 s daemon did not hold the exit: " + r.millis() + " ms");
    }

    @Test
    void terminateExitCodeIsMinusFifteen() throws Exception {
        SampleRunner.Result r = SampleRunner.run("terminate-exitcode");
        List<String> lines = r.lines();
        assertEquals("BEFORE: <ChildProcess name='Process-1' initial> false", lines.get(0));
        assertTrue(lines.contains("Starting a task that would take a minute"), r.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("JOINED: ") && l.endsWith("stopped exitcode=-15> false")), r.output());
        assertEquals("exit code: -15", lines.get(lines.size() - 1));
        assertFalse(lines.contains("Finished"), r.output());
    }
}
