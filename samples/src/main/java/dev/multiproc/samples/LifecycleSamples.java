package dev.multiproc.samples;

import dev.multiproc.ChildProcess;
import dev.multiproc.Multiprocessing;

import java.time.Duration;

/**
 * Beyond the articles: what 000's {@code daemons} and {@code terminate} leave unseen, a daemon
 * beside a non-daemon and a process's state and exit code around {@code terminate()}.
 */
final class LifecycleSamples {
    private LifecycleSamples() {
    }

    // --- daemon-vs-non-daemon: only the daemon dies with its parent -----------------------

    static void daemon() {
        System.out.println("Starting: " + Multiprocessing.currentProcess().getName());
        Sleep.seconds(30);
        System.out.println("Exiting : " + Multiprocessing.currentProcess().getName()); // never printed
    }

    static void nonDaemon() {
        System.out.println("Starting: " + Multiprocessing.currentProcess().getName());
        System.out.println("Exiting : " + Multiprocessing.currentProcess().getName());
    }

    static void daemonVsNonDaemon(String[] args) {
        ChildProcess d = new ChildProcess("daemon", LifecycleSamples::daemon);
        d.setDaemon(true);
        ChildProcess n = new ChildProcess("non-daemon", LifecycleSamples::nonDaemon);
        n.setDaemon(false);
        d.start();
        d.join(Duration.ofSeconds(1)); // let the daemon announce itself before the non-daemon starts
        n.start();
        n.join();
        System.out.println("d.isAlive() " + d.isAlive());
        // main returns here: the daemon is terminated, it never prints "Exiting"
    }

    // --- terminate-exitcode: states around terminate() ------------------------------------

    static void forever() {
        System.out.println("Starting a task that would take a minute");
        Sleep.seconds(60);
        System.out.println("Finished"); // never printed
    }

    static void terminateExitCode(String[] args) {
        ChildProcess p = new ChildProcess(LifecycleSamples::forever);
        System.out.println("BEFORE: " + p + " " + p.isAlive());
        p.start();
        System.out.println("DURING: " + p + " " + p.isAlive());
        p.join(Duration.ofSeconds(1)); // let it start its task
        p.terminate();
        System.out.println("TERMINATED: " + p + " " + p.isAlive());
        p.join();
        System.out.println("JOINED: " + p + " " + p.isAlive());
        System.out.println("exit code: " + p.exitCode());
    }
}
