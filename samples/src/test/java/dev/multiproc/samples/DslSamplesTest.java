package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

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
    void dslProcessingRunsThreeSleepersTogether() throws Exception {
        List<String> lines = SampleRunner.run("dsl-processing").lines();
        assertEquals(4, lines.size(), String.join("\n", lines));
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches("process [123] \\(pid \\d+\\) done sleeping"), lines.get(i));
        }
        assertTrue(lines.get(3).startsWith("3 processes of 1 s in "), lines.get(3));
    }

    @Test
    void wordfreqDslAgreesWithOneAndAllProcesses() throws Exception {
        String output = SampleRunner.run("wordfreq-dsl").output();
        assertTrue(output.contains("100 files in a generated corpus"), output);
        assertTrue(output.contains("top 10 words:"), output);
        assertTrue(output.contains("speed-up:"), output);
    }
}
