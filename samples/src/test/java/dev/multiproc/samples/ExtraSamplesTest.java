package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The samples beyond the articles: the flagship wordfreq and lock-counter. */
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
    void lockCounterShowsExactCountsUnderALockAndAtomicallyAndLostUpdatesWithout() throws Exception {
        List<String> lines = SampleRunner.run("lock-counter").lines();
        assertEquals("4 processes x 50000 increments = 200000 expected", lines.get(0));
        assertEquals("under a lock:      200000", lines.get(1));
        assertEquals("atomic increments: 200000", lines.get(2));
        assertTrue(lines.get(3).matches("unprotected:\\s+\\d+ \\(\\d+ updates lost, \\d+%\\)"), lines.get(3));
    }
}
