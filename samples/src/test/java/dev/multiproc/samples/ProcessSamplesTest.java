package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each Process sample prints what the article's example prints. */
class ProcessSamplesTest {

    @Test
    void listNamesEverySample() throws Exception {
        String out = SampleRunner.run("list").output();
        for (String name : Samples.all().keySet()) {
            assertTrue(out.contains("  " + name + " "), name + " missing from:\n" + out);
        }
    }

    @Test
    void hello() throws Exception {
        assertEquals(List.of("hello bob"), SampleRunner.run("hello").lines());
    }

    @Test
    void processingRunsThreeOneSecondSleepsInParallel() throws Exception {
        SampleRunner.Result r = SampleRunner.run("processing");
        List<String> lines = r.lines();
        assertEquals(4, lines.size(), r.output());
        assertEquals(3, lines.stream().filter("I am processing!"::equals).count(), r.output());
        Matcher m = Pattern.compile("Finished in ([0-9.]+) second\\(s\\)").matcher(lines.get(3));
        assertTrue(m.matches(), lines.get(3));
        double seconds = Double.parseDouble(m.group(1));
        // run one after another, the sleeps alone take 3 s; overlapped they take 1 s plus the start
        // of three JVMs, which on two loaded cores was measured at up to 1.9 s
        assertTrue(seconds >= 1.0 && seconds < 3.0, "three 1 s sleeps overlap: " + seconds + " s (sequential would be over 3 s)");
    }

    @Test
    void daemonsChildIsTerminatedWhenMainExits() throws Exception {
        SampleRunner.Result r = SampleRunner.run("daemons");
        assertEquals(List.of("Starting: daemon", "Starting: non-daemon", "Exiting : non-daemon", "d.isAlive() true"), r.lines());
        assertTrue(r.millis() < 25_000, "the 30 s daemon did not hold the exit: " + r.millis() + " ms");
    }

    @Test
    void joinDelaysTheMainProcess() throws Exception {
        SampleRunner.Result r = SampleRunner.run("join");
        assertEquals(List.of("Starting a 5 second task", "Task finished", "This text was delayed"), r.lines());
        assertTrue(r.millis() >= 5000, r.millis() + " ms");
    }

    @Test
    void terminateStopsTheProcessWithMinusFifteen() throws Exception {
        SampleRunner.Result r = SampleRunner.run("terminate");
        List<String> lines = r.lines();
        assertTrue(lines.get(0).matches("BEFORE: <ChildProcess name='Process-1' initial> false"), r.output());
        assertTrue(lines.contains("Starting a task that would take a minute"), r.output());
        assertTrue(r.output().contains("stopped exitcode=-15> false"), r.output());
        assertEquals("exit code: -15", lines.get(lines.size() - 1));
        assertFalse(r.output().contains("Finished"));
    }

    @Test
    void squareCube() throws Exception {
        assertEquals(List.of("Square: 100", "Cube: 1000", "Done!"), SampleRunner.run("square-cube").lines());
    }

    @Test
    void pidsShowsDistinctProcessesAndNotAliveAfterJoin() throws Exception {
        SampleRunner.Result r = SampleRunner.run("pids");
        List<String> lines = r.lines();
        String mainPid = lines.get(0).replace("ID of main process: ", "");
        assertEquals("parent process: " + mainPid, lines.get(3));
        String p1 = lines.get(4).replace("process id: ", "");
        assertEquals("ID of process p1: " + p1, lines.get(9));
        assertTrue(lines.contains("Process p1 is alive: false") && lines.contains("Process p2 is alive: false"), r.output());
        assertFalse(p1.equals(mainPid));
    }

    @Test
    void workersAllStartAndFinish() throws Exception {
        SampleRunner.Result r = SampleRunner.run("workers");
        for (int i = 0; i < 5; i++) {
            int worker = i;
            assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("Worker " + worker + " starting")), r.output());
            assertTrue(r.lines().contains("Worker " + worker + " finished"), r.output());
        }
        assertEquals("All 5 workers finished", r.lines().get(r.lines().size() - 1));
    }

    @Test
    void workerSubclassRunsOverriddenRun() throws Exception {
        SampleRunner.Result r = SampleRunner.run("worker-subclass");
        assertEquals(3, r.lines().size(), r.output());
        for (int i = 0; i < 3; i++) {
            int worker = i;
            assertTrue(r.lines().stream().anyMatch(l -> l.matches("In Process-" + (worker + 1) + ": worker " + worker + " running in pid \\d+")),
                    r.output());
        }
    }
}
