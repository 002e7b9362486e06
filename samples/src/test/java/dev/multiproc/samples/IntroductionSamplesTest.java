package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Article 001's programs print what the article's Python prints. */
class IntroductionSamplesTest {

    @Test
    void squareCubeRunBothThenDone() throws Exception {
        List<String> lines = SampleRunner.run("square-cube").lines();
        assertEquals(3, lines.size(), lines.toString());
        // started together: the square and the cube come in either order
        assertEquals(Set.of("Square: 100", "Cube: 1000"), Set.copyOf(lines.subList(0, 2)));
        assertEquals("Done!", lines.get(2));
    }

    @Test
    void pidsOfTheParentsViewAndTheChildrensOwnAgree() throws Exception {
        SampleRunner.Result r = SampleRunner.run("pids");
        List<String> lines = r.lines();
        assertEquals(8, lines.size(), r.output());
        String main = match("ID of main process: (\\d+)", lines.get(0));
        // the parent prints p1's and p2's ids as soon as they are started, the workers print their own
        List<String> ids = lines.subList(1, 5);
        String p1 = pidIn(ids, "ID of process p1: (\\d+)");
        String p2 = pidIn(ids, "ID of process p2: (\\d+)");
        assertEquals(p1, pidIn(ids, "ID of process running worker1: (\\d+)"), r.output());
        assertEquals(p2, pidIn(ids, "ID of process running worker2: (\\d+)"), r.output());
        assertTrue(ids.indexOf("ID of process p1: " + p1) < ids.indexOf("ID of process p2: " + p2), r.output());
        assertEquals(3, Set.of(main, p1, p2).size(), r.output());
        assertEquals(List.of("Both processes finished execution!", "Process p1 is alive: False", "Process p2 is alive: False"),
                lines.subList(5, 8));
    }

    private static String pidIn(List<String> lines, String regex) {
        List<String> found = lines.stream().filter(l -> l.matches(regex)).toList();
        assertEquals(1, found.size(), regex + " in " + lines);
        return match(regex, found.get(0));
    }

    private static String match(String regex, String line) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.matches(), line + " is not " + regex);
        return m.group(1);
    }
}
