package dev.multiproc.samples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Article 004's programs print exactly what the article's Python prints. */
class BasicsSamplesTest {

    @Test
    void hello() throws Exception {
        assertEquals(List.of("Hello from process"), SampleRunner.run("hello").lines());
    }

    @Test
    void queueHello() throws Exception {
        assertEquals(List.of("Data from worker"), SampleRunner.run("queue-hello").lines());
    }

    @Test
    void poolSquare() throws Exception {
        assertEquals(List.of("[1, 4, 9, 16]"), SampleRunner.run("pool-square").lines());
    }

    @Test
    void lockPrintPrintsBothMessagesWhole() throws Exception {
        // both processes run at the same time: either may print first
        List<String> lines = SampleRunner.run("lock-print").lines();
        assertEquals(List.of("Process 1", "Process 2"), lines.stream().sorted().toList());
    }
}
