package dev.multiproc.samples;

import dev.multiproc.ChildProcess;

/**
 * Article 001, "Multiprocessing in Python, Set 1 (Introduction)": two processes started together
 * and then joined together, and the ids of the processes involved.
 */
final class IntroductionSamples {
    private IntroductionSamples() {
    }

    // --- square-cube ----------------------------------------------------------------------

    static void printCube(int num) {
        System.out.println("Cube: " + num * num * num);
    }

    static void printSquare(int num) {
        System.out.println("Square: " + num * num);
    }

    /** Both run at the same time: their two lines may come in either order, {@code Done!} last. */
    static void squareCube(String[] args) {
        ChildProcess p1 = new ChildProcess(IntroductionSamples::printSquare, 10);
        ChildProcess p2 = new ChildProcess(IntroductionSamples::printCube, 10);

        p1.start();
        p2.start();

        p1.join();
        p2.join();

        System.out.println("Done!");
    }

    // --- pids -----------------------------------------------------------------------------

    static void worker1() {
        System.out.println("ID of process running worker1: " + ProcessHandle.current().pid());
    }

    static void worker2() {
        System.out.println("ID of process running worker2: " + ProcessHandle.current().pid());
    }

    /**
     * The parent prints the children's ids as soon as they are started, so those lines and the
     * workers' own may interleave in any order; the last three lines are always the same.
     */
    static void pids(String[] args) {
        System.out.println("ID of main process: " + ProcessHandle.current().pid());

        ChildProcess p1 = new ChildProcess(IntroductionSamples::worker1);
        ChildProcess p2 = new ChildProcess(IntroductionSamples::worker2);

        p1.start();
        p2.start();

        System.out.println("ID of process p1: " + p1.pid());
        System.out.println("ID of process p2: " + p2.pid());

        p1.join();
        p2.join();

        System.out.println("Both processes finished execution!");

        System.out.println("Process p1 is alive: " + pythonBool(p1.isAlive()));
        System.out.println("Process p2 is alive: " + pythonBool(p2.isAlive()));
    }

    /** How Python prints a bool, so that the lines are the article's. */
    static String pythonBool(boolean value) {
        return value ? "True" : "False";
    }
}
