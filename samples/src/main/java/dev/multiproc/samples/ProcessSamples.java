package dev.multiproc.samples;

import dev.multiproc.ChildProcess;
import dev.multiproc.Multiprocessing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The seed articles' {@code Process} examples. */
final class ProcessSamples {
    private ProcessSamples() {
    }

    // --- hello: the first example of every multiprocessing tutorial --------------------------

    static void f(String name) {
        System.out.println("hello " + name);
    }

    static void hello(String[] args) {
        ChildProcess p = new ChildProcess(ProcessSamples::f, "bob");
        p.start();
        p.join();
    }

    // --- processing: three processes sleep in parallel ------------------------------------

    static void process() {
        sleep(Duration.ofSeconds(1));
        System.out.println("I am processing!");
    }

    static void processing(String[] args) {
        long start = System.nanoTime();
        List<ChildProcess> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ChildProcess p = new ChildProcess(ProcessSamples::process);
            processes.add(p);
            p.start();
        }
        for (ChildProcess p : processes) {
            p.join();
        }
        System.out.printf("Finished in %.2f second(s)%n", (System.nanoTime() - start) / 1e9);
    }

    // --- daemons: a daemon child dies with its parent ---------------------------------------

    static void daemon() {
        System.out.println("Starting: " + Multiprocessing.currentProcess().getName());
        sleep(Duration.ofSeconds(30));
        System.out.println("Exiting : " + Multiprocessing.currentProcess().getName()); // never printed
    }

    static void nonDaemon() {
        System.out.println("Starting: " + Multiprocessing.currentProcess().getName());
        System.out.println("Exiting : " + Multiprocessing.currentProcess().getName());
    }

    static void daemons(String[] args) {
        ChildProcess d = new ChildProcess("daemon", ProcessSamples::daemon);
        d.setDaemon(true);
        ChildProcess n = new ChildProcess("non-daemon", ProcessSamples::nonDaemon);
        n.setDaemon(false);
        d.start();
        d.join(Duration.ofSeconds(1)); // let the daemon announce itself before the non-daemon starts
        n.start();
        n.join();
        System.out.println("d.isAlive() " + d.isAlive());
        // main returns here: the daemon is terminated, it never prints "Exiting"
    }

    // --- join: the main process waits ------------------------------------------------------

    static void slow() {
        System.out.println("Starting a 5 second task");
        sleep(Duration.ofSeconds(5));
        System.out.println("Task finished");
    }

    static void join(String[] args) {
        ChildProcess p = new ChildProcess(ProcessSamples::slow);
        p.start();
        p.join();
        System.out.println("This text was delayed");
    }

    // --- terminate --------------------------------------------------------------------------

    static void forever() {
        System.out.println("Starting a task that would take a minute");
        sleep(Duration.ofMinutes(1));
        System.out.println("Finished"); // never printed
    }

    static void terminate(String[] args) {
        ChildProcess p = new ChildProcess(ProcessSamples::forever);
        System.out.println("BEFORE: " + p + " " + p.isAlive());
        p.start();
        System.out.println("DURING: " + p + " " + p.isAlive());
        p.join(Duration.ofSeconds(1));
        p.terminate();
        System.out.println("TERMINATED: " + p + " " + p.isAlive());
        p.join();
        System.out.println("JOINED: " + p + " " + p.isAlive());
        System.out.println("exit code: " + p.exitCode());
    }

    // --- square-cube ------------------------------------------------------------------------

    static void square(int n) {
        System.out.println("Square: " + n * n);
    }

    static void cube(int n) {
        System.out.println("Cube: " + n * n * n);
    }

    static void squareCube(String[] args) {
        ChildProcess p1 = new ChildProcess(ProcessSamples::square, 10);
        ChildProcess p2 = new ChildProcess(ProcessSamples::cube, 10);
        p1.start();
        p1.join(); // joined in turn so that the output order is the article's
        p2.start();
        p2.join();
        System.out.println("Done!");
    }

    // --- pids -------------------------------------------------------------------------------

    static void info(String title) {
        System.out.println(title);
        System.out.println("process name: " + Multiprocessing.currentProcess().getName());
        System.out.println("parent process: " + Multiprocessing.parentProcess().pid());
        System.out.println("process id: " + ProcessHandle.current().pid());
    }

    static void pids(String[] args) {
        System.out.println("ID of main process: " + ProcessHandle.current().pid());
        ChildProcess p1 = new ChildProcess(ProcessSamples::info, "worker 1");
        ChildProcess p2 = new ChildProcess(ProcessSamples::info, "worker 2");
        p1.start();
        p1.join();
        p2.start();
        p2.join();
        System.out.println("ID of process p1: " + p1.pid());
        System.out.println("ID of process p2: " + p2.pid());
        System.out.println("Both processes finished execution!");
        System.out.println("Process p1 is alive: " + p1.isAlive());
        System.out.println("Process p2 is alive: " + p2.isAlive());
    }

    // --- workers ----------------------------------------------------------------------------

    static void worker(int number) {
        long millis = ThreadLocalRandom.current().nextLong(100, 1000);
        System.out.println("Worker " + number + " starting (will sleep " + millis + " ms)");
        sleep(Duration.ofMillis(millis));
        System.out.println("Worker " + number + " finished");
    }

    static void workers(String[] args) {
        List<ChildProcess> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ChildProcess p = new ChildProcess(ProcessSamples::worker, i);
            jobs.add(p);
            p.start();
        }
        for (ChildProcess p : jobs) {
            p.join();
        }
        System.out.println("All 5 workers finished");
    }

    // --- worker-subclass ----------------------------------------------------------------------

    /** Python's "subclass Process and override run()". */
    static final class Worker extends ChildProcess {
        private static final long serialVersionUID = 1L;
        private final int number;

        Worker(int number) {
            this.number = number;
        }

        @Override
        public void run() {
            System.out.println("In " + getName() + ": worker " + number + " running in pid " + ProcessHandle.current().pid());
        }
    }

    static void workerSubclass(String[] args) {
        List<Worker> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Worker w = new Worker(i);
            jobs.add(w);
            w.start();
        }
        for (Worker w : jobs) {
            w.join();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
