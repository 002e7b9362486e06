package dev.multiproc.samples;

import dev.multiproc.ChildProcess;
import dev.multiproc.pool.Pool;
import dev.multiproc.queue.ProcessQueue;
import dev.multiproc.sync.ProcessLock;

import java.util.List;

/**
 * Article 004, "Python - Multiprocessing": the four basics, a {@code Process}, a {@code Queue},
 * a {@code Pool} and a {@code Lock}, one small program each.
 */
final class BasicsSamples {
    private BasicsSamples() {
    }

    // --- hello: Process(target=say_hello) -------------------------------------------------

    static void sayHello() {
        System.out.println("Hello from process");
    }

    static void hello(String[] args) {
        ChildProcess p = new ChildProcess(BasicsSamples::sayHello);
        p.start();
        p.join(); // wait for the process to finish
    }

    // --- queue-hello: q.put("Data from worker") -------------------------------------------

    static void worker(ProcessQueue<String> q) {
        q.put("Data from worker");
    }

    static void queueHello(String[] args) {
        ProcessQueue<String> q = new ProcessQueue<>();
        ChildProcess p = new ChildProcess(BasicsSamples::worker, q);
        p.start();
        System.out.println(q.get()); // Data from worker
        p.join();
    }

    // --- pool-square: Pool(4).map(square, [1, 2, 3, 4]) -----------------------------------

    static int square(int n) {
        return n * n;
    }

    /** Python's {@code with Pool(4) as pool:}; leaving the block here also waits for the workers to exit. */
    static void poolSquare(String[] args) {
        try (Pool pool = new Pool(4)) {
            List<Integer> results = pool.map(BasicsSamples::square, List.of(1, 2, 3, 4));
            System.out.println(results); // [1, 4, 9, 16]
        }
    }

    // --- lock-print: print_safe(lock, message) --------------------------------------------

    /** Python's {@code with lock: print(message)}. */
    static void printSafe(ProcessLock lock, String message) {
        lock.lock();
        try {
            System.out.println(message);
        } finally {
            lock.unlock();
        }
    }

    /** Both processes run at the same time: {@code Process 1} and {@code Process 2}, in either order. */
    static void lockPrint(String[] args) {
        ProcessLock lock = new ProcessLock();
        ChildProcess p1 = new ChildProcess(BasicsSamples::printSafe, lock, "Process 1");
        ChildProcess p2 = new ChildProcess(BasicsSamples::printSafe, lock, "Process 2");
        p1.start();
        p2.start();
        p1.join();
        p2.join();
    }
}
