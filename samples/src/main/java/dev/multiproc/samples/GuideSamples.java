package dev.multiproc.samples;

import dev.multiproc.ChildProcess;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Article 000, "Simple Guide to Python Multiprocessing/Threading": processes, daemons, {@code join},
 * {@code terminate}, and then the same programs with threads, so that the difference shows.
 *
 * <p>The process programs use {@link ChildProcess}; the thread programs use plain JDK threads,
 * as the article uses Python's {@code threading}. Each method is the article's program, statement
 * for statement, except where its comment says why not.
 */
final class GuideSamples {
    private GuideSamples() {
    }

    // --- processing: three processes sleep 1 s at the same time ---------------------------

    static void myProcess() {
        Sleep.seconds(1);
        System.out.println("I am processing!");
    }

    /**
     * Starts three processes and returns without joining them: as Python does at exit, the JVM
     * waits for its non-daemon children. The three lines appear together after about a second.
     * The run time goes to stderr (the article's program prints none), so stdout is the article's.
     */
    static void processing(String[] args) {
        RunTime.reportOnStderrAtExit("3 processes");
        for (int i = 0; i < 3; i++) {
            ChildProcess proc = new ChildProcess(GuideSamples::myProcess);
            proc.start();
        }
    }

    // --- daemons: terminated when the main process exits ----------------------------------

    static void printProcessing() {
        System.out.println("I am processing!");
    }

    /**
     * Three daemon processes, never joined: they are terminated when the main process exits, so
     * their output is not displayed, or only in part (as in the article; CPython's forked
     * children print at once and often get a line out; a child JVM rarely does).
     */
    static void daemons(String[] args) {
        for (int i = 0; i < 3; i++) {
            ChildProcess proc = new ChildProcess(GuideSamples::printProcessing);
            proc.setDaemon(true);
            proc.start();
        }
    }

    // --- join: the main process waits for a slow one --------------------------------------

    /** The article's Python 2 {@code print 'I am a slow process!'}, as it means it. */
    static void slowProcess() {
        Sleep.seconds(5);
        System.out.println("I am a slow process!");
    }

    static void join(String[] args) {
        ChildProcess proc = new ChildProcess(GuideSamples::slowProcess);
        proc.start();
        proc.join();
        System.out.println("This text was delayed");
    }

    // --- terminate: stopped before it prints ----------------------------------------------

    /** Terminated at once, so the slow process prints nothing; join() then records its exit. */
    static void terminate(String[] args) {
        ChildProcess proc = new ChildProcess(GuideSamples::slowProcess);
        proc.start();
        proc.terminate();
        proc.join();
    }

    // --- threads: the same, within this JVM -----------------------------------------------

    static void myThread() {
        System.out.println("I am a thread!");
    }

    static void threads(String[] args) {
        for (int i = 0; i < 3; i++) {
            Thread thread = new Thread(GuideSamples::myThread);
            thread.start();
        }
    }

    // --- thread-lock-counter: threads share variables, a lock guards them -----------------

    /** Threads share this JVM's variables: all three increment this one. */
    private static int myVariable = 0;
    private static final ReentrantLock lock = new ReentrantLock();

    /**
     * The article prints after releasing the lock, relying on CPython running one thread at a
     * time to get 1, 2, 3 in order. JVM threads run truly in parallel, so here the print is under
     * the lock too: the counts are printed in order, each one once.
     */
    static void countingThread() {
        lock.lock();
        try {
            myVariable += 1;
            System.out.println("I am a thread! The count is " + myVariable);
        } finally {
            lock.unlock();
        }
    }

    static void threadLockCounter(String[] args) {
        for (int i = 0; i < 3; i++) {
            Thread thread = new Thread(GuideSamples::countingThread);
            thread.start();
        }
    }

    // --- threads-join: each thread joined before the next starts --------------------------

    static void threadsJoin(String[] args) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            Thread thread = new Thread(GuideSamples::myThread);
            thread.start();
            thread.join();
        }
    }
}
