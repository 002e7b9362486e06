package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Article 000's programs print what the article's Python prints. */
class GuideSamplesTest {

    @Test
    void processingPrintsThreeLinesTogetherAfterOneSecond() throws Exception {
        SampleRunner.Result r = SampleRunner.run("processing");
        assertEquals(Collections.nCopies(3, "I am processing!"), r.lines(), r.output());
        Matcher runTime = Pattern.compile("3 processes finished in ([0-9.]+) s").matcher(r.stderr());
        assertTrue(runTime.find(), r.output());
        assertTrue(Double.parseDouble(runTime.group(1)) >= 1.0, "each process sleeps 1 s first: " + r.output());
        // The article's proof that the processes run at the same time: "all three messages print at
        // the same time after a wait of 1 second". One after another, each line would come at least
        // 1 s after the one before, 2 s from first to last. (The whole run time, child JVM starts included, is on stderr;
        // it is about 1.5 s on an idle machine, but it grows with the machine's load.)
        long spread = r.stdout().get(2).millis() - r.stdout().get(0).millis();
        assertTrue(spread < 1500, "the three lines came " + spread + " ms apart from first to last");
    }

    @Test
    void daemonsAreTerminatedWithTheMainProcessSoTheirLinesRarelyShow() throws Exception {
        SampleRunner.Result r = SampleRunner.run("daemons");
        assertTrue(r.lines().size() <= 3, r.output());
        assertTrue(r.lines().stream().allMatch("I am processing!"::equals), r.output());
    }

    @Test
    void joinWaitsForTheSlowProcess() throws Exception {
        SampleRunner.Result r = SampleRunner.run("join");
        assertEquals(List.of("I am a slow process!", "This text was delayed"), r.lines());
        assertTrue(r.stdout().get(1).millis() >= 5000, "printed after the 5 s process: " + r.stdout());
    }

    @Test
    void terminateStopsTheSlowProcessBeforeItPrints() throws Exception {
        SampleRunner.Result r = SampleRunner.run("terminate");
        assertEquals(List.of(), r.lines(), r.output());
        assertEquals("", r.stderr());
    }

    @Test
    void threads() throws Exception {
        assertEquals(Collections.nCopies(3, "I am a thread!"), SampleRunner.run("threads").lines());
    }

    @Test
    void threadLockCounterCountsOneTwoThree() throws Exception {
        assertEquals(List.of("I am a thread! The count is 1", "I am a thread! The count is 2", "I am a thread! The count is 3"),
                SampleRunner.run("thread-lock-counter").lines());
    }

    @Test
    void threadsJoin() throws Exception {
        assertEquals(Collections.nCopies(3, "I am a thread!"), SampleRunner.run("threads-join").lines());
    }
}
