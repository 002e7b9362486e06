package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kotlin DSL samples print what their Java twins print. */
class DslSamplesTest {

    @Test
    void dslPoolSquarePrintsTheSquares() throws Exception {
        assertEquals(List.of("[1, 4, 9, 16]"), SampleRunner.run("dsl-pool-square").lines());
    }

    @Test
    void dslQueueHello() throws Exception {
        assertEquals(List.of("Data from worker"), SampleRunner.run("dsl-queue").lines());
    }

    @Test
    void dslProcessingRunsThreeSleepersTogether() throws Exception {
        SampleRunner.Result r = SampleRunner.run("dsl-processing");
        assertEquals(Collections.nCopies(3, "I am processing!"), r.lines(), r.output());
        assertTrue(r.stderr().contains("3 processes of 1 s in "), r.output());
        long spread = r.stdout().get(2).millis() - r.stdout().get(0).millis();
        assertTrue(spread < 1500, "together, not 1 s apart each: " + spread + " ms from first to last");
    }

    @Test
    void wordfreqDslAgreesWithOneAndAllProcesses() throws Exception {
        SampleRunner.Result r = SampleRunner.run("wordfreq-dsl");
        String output = r.output();
        assertTrue(output.contains("100 files in a generated corpus"), output);
        assertTrue(output.contains("top 10 words:"), output);
        assertTrue(output.contains("speed-up:"), output);
        // the third block runs on the workers the second one kept
        assertTrue(r.lines().stream().anyMatch(line -> line.startsWith("again:") && line.contains("kept warm")), output);
        // the progress bar (map's onProgress) is drawn on stderr, to its end, and stdout holds none of it
        assertTrue(r.lines().stream().noneMatch(line -> line.contains("\r") || line.contains("[#")), output);
        assertTrue(r.lines().stream().anyMatch(line -> line.startsWith("1 process(es): 100/100 files")), output);
        assertTrue(r.stderr().contains("1 process(es) [" + "#".repeat(30) + "] 100/100"), output);
    }
}
