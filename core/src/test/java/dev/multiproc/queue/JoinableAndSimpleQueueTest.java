package dev.multiproc.queue;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestQueue.test_task_done} and {@code TestSimpleQueue}. */
class JoinableAndSimpleQueueTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    static void worker(JoinableQueue<Integer> tasks, SimpleQueue<Integer> done) {
        while (true) {
            Integer task = tasks.get();
            if (task < 0) {
                tasks.taskDone();
                return;
            }
            done.put(task);
            tasks.taskDone();
        }
    }

    @Test
    void joinWaitsForFourConsumersToFinishEveryTask() {
        JoinableQueue<Integer> tasks = new JoinableQueue<>();
        SimpleQueue<Integer> done = new SimpleQueue<>();
        List<ChildProcess> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ChildProcess w = new ChildProcess(JoinableAndSimpleQueueTest::worker, tasks, done);
            w.start();
            workers.add(w);
        }
        for (int i = 0; i < 10; i++) {
            tasks.put(i);
        }
        tasks.join();
        List<Integer> finished = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            finished.add(done.get());
        }
        Collections.sort(finished);
        assertEquals(ProcessQueueTest.range(0, 10), finished);
        for (int i = 0; i < 4; i++) {
            tasks.put(-1);
        }
        tasks.join();
        for (ChildProcess w : workers) {
            ProcessQueueTest.join(w);
        }
        assertThrows(IllegalStateException.class, tasks::taskDone);
        tasks.close();
        done.close();
    }

    static void tooManyTaskDone(JoinableQueue<Integer> q, SimpleQueue<String> report) {
        q.taskDone();
        try {
            q.taskDone();
            report.put("second taskDone worked");
        } catch (IllegalStateException e) {
            report.put(e.getMessage());
        }
    }

    @Test
    void tooManyTaskDoneThrowsInTheCaller() {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        IllegalStateException local = assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(local.getMessage().contains("more times than items were put"), local.getMessage());
        q.put(1);
        SimpleQueue<String> report = new SimpleQueue<>();
        ChildProcess child = new ChildProcess(JoinableAndSimpleQueueTest::tooManyTaskDone, q, report);
        child.start();
        assertTrue(report.get().contains("more times than items were put"));
        ProcessQueueTest.join(child);
        q.join(); // the one item is finished
        q.close();
        report.close();
    }

    static void reportEmptiness(SimpleQueue<Integer> q, SimpleQueue<String> report) {
        report.put("child sees empty=" + q.empty());
        q.put(1);
        q.put(2);
    }

    @Test
    void simpleQueueEmptyInParentAndChild() {
        SimpleQueue<Integer> q = new SimpleQueue<>();
        SimpleQueue<String> report = new SimpleQueue<>();
        assertTrue(q.empty());
        ChildProcess child = new ChildProcess(JoinableAndSimpleQueueTest::reportEmptiness, q, report);
        child.start();
        assertEquals("child sees empty=true", report.get());
        ProcessQueueTest.join(child);
        assertFalse(q.empty());
        assertEquals(1, q.get());
        assertEquals(2, q.get());
        assertTrue(q.empty());
        q.close();
        assertThrows(QueueClosedException.class, q::get);
        assertThrows(QueueClosedException.class, () -> q.put(3));
        report.close();
    }
}
