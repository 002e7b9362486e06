package dev.multiproc.samples;

import dev.multiproc.ChildProcess;
import dev.multiproc.pool.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Article 003, Mouse Vs Python's multiprocessing introduction: five workers named
 * {@code computer_0} to {@code computer_4} sleep 1 to 4 seconds at random, as processes, as a
 * {@code Process} subclass, and fifteen of them on a {@code Pool} of five.
 */
final class WorkerSamples {
    private WorkerSamples() {
    }

    static void worker(String name) {
        System.out.println("Started worker " + name);
        int workerTime = ThreadLocalRandom.current().nextInt(1, 5); // random.choice(range(1, 5))
        Sleep.seconds(workerTime);
        System.out.println(name + " worker finished in " + workerTime + " seconds");
    }

    // --- workers: five processes, started, then joined ------------------------------------

    static void workers(String[] args) {
        List<ChildProcess> processes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ChildProcess process = new ChildProcess(WorkerSamples::worker, "computer_" + i);
            processes.add(process);
            process.start();
        }
        for (ChildProcess proc : processes) {
            proc.join();
        }
    }

    // --- worker-subclass: the same with a subclass that overrides run() -------------------

    /** Python's {@code class WorkerProcess(multiprocessing.Process)}: its name set, run() overridden. */
    static final class WorkerProcess extends ChildProcess {
        private static final long serialVersionUID = 1L;

        WorkerProcess(String name) {
            setName(name);
        }

        /** Runs the worker, in the child. */
        @Override
        public void run() {
            worker(getName());
        }
    }

    static void workerSubclass(String[] args) {
        List<WorkerProcess> processes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            WorkerProcess process = new WorkerProcess("computer_" + i);
            processes.add(process);
            process.start();
        }
        for (WorkerProcess process : processes) {
            process.join();
        }
    }

    // --- pool-names: fifteen workers, at most five at a time ------------------------------

    /**
     * {@code pool.map(worker, process_names)} then {@code pool.terminate()}: once map returns,
     * every worker has finished, and terminate() stops the idle pool processes.
     */
    static void poolNames(String[] args) {
        List<String> processNames = IntStream.range(0, 15).mapToObj(i -> "computer_" + i).collect(Collectors.toList());
        Pool pool = new Pool(5);
        pool.map(name -> {
            worker(name);
            return null; // the worker returns nothing, as in Python
        }, processNames);
        pool.terminate();
    }
}
