package dev.multiproc.samples;

import dev.multiproc.ChildProcess;
import dev.multiproc.queue.ProcessQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed articles' queue examples, ready to register as samples:
 * {@code Sample.of("queue-hello", "a worker puts a message on a queue, the parent prints it", QueueSamples::queueHello)}
 * and {@code Sample.of("queue-count", "4 processes count in parallel and put their results on one queue", QueueSamples::queueCount)}.
 */
final class QueueSamples {
    private QueueSamples() {
    }

    // --- queue-hello: q.put("Data from worker") ---------------------------------------------

    static void worker(ProcessQueue<String> q) {
        q.put("Data from worker");
    }

    static void queueHello(String[] args) {
        try (ProcessQueue<String> q = new ProcessQueue<>()) {
            ChildProcess p = new ChildProcess(QueueSamples::worker, q);
            p.start();
            System.out.println(q.get());
            p.join();
        }
    }

    // --- queue-count: several processes put their results on one queue ----------------------

    static void count(ProcessQueue<Long> results, Long upTo) {
        long sum = 0;
        for (long i = 1; i <= upTo; i++) {
            sum += i;
        }
        results.put(sum);
    }

    static void queueCount(String[] args) {
        long[] sizes = {10_000_000L, 20_000_000L, 30_000_000L, 40_000_000L};
        try (ProcessQueue<Long> results = new ProcessQueue<>()) {
            List<ChildProcess> processes = new ArrayList<>();
            for (long size : sizes) {
                ChildProcess p = new ChildProcess(QueueSamples::count, results, size);
                processes.add(p);
                p.start();
            }
            List<Long> sums = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                sums.add(results.get()); // collect before joining, as Python's docs advise
            }
            for (ChildProcess p : processes) {
                p.join();
            }
            sums.sort(null);
            System.out.println(sums);
        }
    }
}
