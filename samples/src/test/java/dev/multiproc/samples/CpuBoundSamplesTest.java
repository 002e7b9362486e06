package dev.multiproc.samples;

import dev.multiproc.Multiprocessing;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Article 002's programs, as its prose describes them, print their tasks' pids and run times. */
class CpuBoundSamplesTest {
    private static final Pattern TASK_LINE = Pattern.compile("Process (\\d+) finished task (\\d+)");
    private static final Pattern RUN_TIME = Pattern.compile("Run time: \\d+\\.\\d\\d seconds");

    @Test
    void cpuPidsRunsEveryTaskInOrderOnTheOneProcessOfPoolOne() throws Exception {
        SampleRunner.Result r = SampleRunner.run("cpu-pids");
        List<Matcher> tasks = taskLinesThenRunTime(r);
        assertEquals(IntStream.range(0, 16).mapToObj(Integer::toString).toList(), tasks.stream().map(m -> m.group(2)).toList());
        assertEquals(1, tasks.stream().map(m -> m.group(1)).distinct().count(), r.output());
    }

    @Test
    void cpuLockPrintRunsEveryTaskOnceOnAllCpus() throws Exception {
        SampleRunner.Result r = SampleRunner.run("cpu-lock-print");
        List<Matcher> tasks = taskLinesThenRunTime(r);
        assertEquals(IntStream.range(0, 16).mapToObj(Integer::toString).toList(),
                tasks.stream().map(m -> m.group(2)).sorted((a, b) -> Integer.parseInt(a) - Integer.parseInt(b)).toList());
        long pids = tasks.stream().map(m -> m.group(1)).distinct().count();
        assertTrue(pids >= 1 && pids <= Multiprocessing.cpuCount(), pids + " processes: " + r.output());
    }

    /** 16 whole lines "Process P finished task N" (never two in one), then the run time; the 16 matched. */
    private static List<Matcher> taskLinesThenRunTime(SampleRunner.Result r) {
        List<String> lines = r.lines();
        assertEquals(17, lines.size(), r.output());
        List<Matcher> tasks = lines.subList(0, 16).stream().map(TASK_LINE::matcher).toList();
        assertTrue(tasks.stream().allMatch(Matcher::matches), r.output());
        assertTrue(RUN_TIME.matcher(lines.get(16)).matches(), lines.get(16));
        return tasks;
    }

    @Test
    void cpuScalingTabulatesUpToTheCpusAndBeyondOnRequest() throws Exception {
        SampleRunner.Result r = SampleRunner.run("cpu-scaling", "--oversubscribe");
        List<String> lines = r.lines();
        Matcher header = Pattern.compile("16 tasks on a machine with (\\d+) CPUs").matcher(lines.get(0));
        assertTrue(header.matches(), r.output());
        int cpus = Integer.parseInt(header.group(1));
        assertEquals("processes   run time (s)   speed-up", lines.get(1));
        List<Integer> expected = IntStream.rangeClosed(1, cpus).boxed().toList();
        List<Integer> oversubscribed = IntStream.of(cpus + 2, cpus * 2).filter(n -> n > cpus).distinct().sorted().boxed().toList();
        List<String> rows = lines.subList(2, lines.size() - 1);
        assertEquals(expected.size() + oversubscribed.size(), rows.size(), r.output());
        for (int i = 0; i < rows.size(); i++) {
            int processes = i < expected.size() ? expected.get(i) : oversubscribed.get(i - expected.size());
            String marker = processes > cpus ? "   \\(more processes than CPUs\\)" : "";
            assertTrue(rows.get(i).matches(" +" + processes + " +\\d+\\.\\d\\d +\\d+\\.\\d\\dx" + marker), rows.get(i));
        }
        assertTrue(rows.get(0).endsWith("1.00x"), rows.get(0));
        assertEquals("148,933 primes below 2,000,000", lines.get(lines.size() - 1));
    }

    @Test
    void queueCountPrintsTheLengthOfTheFirstResult() throws Exception {
        assertEquals(List.of("1000"), SampleRunner.run("queue-count").lines());
    }
}
