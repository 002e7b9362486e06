package dev.multiproc.samples;

import dev.multiproc.ChildProcess;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.sync.ProcessBarrier;
import dev.multiproc.sync.ProcessLock;

import java.util.ArrayList;
import java.util.List;

/**
 * Beyond the articles: the lost-update pitfall of a shared counter, counted under a
 * {@link ProcessLock}, with atomic increments, and unprotected.
 */
final class LockCounter {
    static final int PROCESSES = 4;
    static final int INCREMENTS = 50_000;

    private LockCounter() {
    }

    /** Read, add one, write back: the Python {@code v.value += 1} without a lock. */
    static void unprotected(SharedInt counter) {
        for (int i = 0; i < INCREMENTS; i++) {
            counter.set(counter.get() + 1);
        }
    }

    static void underLock(SharedInt counter, ProcessLock lock) {
        for (int i = 0; i < INCREMENTS; i++) {
            lock.lock();
            try {
                counter.set(counter.get() + 1);
            } finally {
                lock.unlock();
            }
        }
    }

    static void atomic(SharedInt counter) {
        for (int i = 0; i < INCREMENTS; i++) {
            counter.incrementAndGet();
        }
    }

    static void runAll(List<ChildProcess> processes) {
        processes.forEach(ChildProcess::start);
        processes.forEach(ChildProcess::join);
    }

    /** All processes of a run start counting together, so that they really overlap. */
    static void together(ProcessBarrier start, Runnable work) {
        start.await();
        work.run();
    }

    static void run(String[] args) {
        int expected = PROCESSES * INCREMENTS;
        System.out.println(PROCESSES + " processes x " + INCREMENTS + " increments = " + expected + " expected");

        SharedInt locked = SharedInt.raw(0);
        ProcessLock lock = new ProcessLock();
        SharedInt atomic = SharedInt.raw(0);
        SharedInt racy = SharedInt.raw(0);
        List<ChildProcess> lockedRun = new ArrayList<>();
        List<ChildProcess> atomicRun = new ArrayList<>();
        List<ChildProcess> racyRun = new ArrayList<>();
        ProcessBarrier lockedStart = new ProcessBarrier(PROCESSES);
        ProcessBarrier atomicStart = new ProcessBarrier(PROCESSES);
        ProcessBarrier racyStart = new ProcessBarrier(PROCESSES);
        for (int i = 0; i < PROCESSES; i++) {
            lockedRun.add(new ChildProcess(() -> together(lockedStart, () -> underLock(locked, lock))));
            atomicRun.add(new ChildProcess(() -> together(atomicStart, () -> atomic(atomic))));
            racyRun.add(new ChildProcess(() -> together(racyStart, () -> unprotected(racy))));
        }
        runAll(lockedRun);
        System.out.println("under a lock:      " + locked.get());
        runAll(atomicRun);
        System.out.println("atomic increments: " + atomic.get());
        runAll(racyRun);
        int lost = expected - racy.get();
        System.out.printf("unprotected:       %d (%d updates lost, %.0f%%)%n", racy.get(), lost, 100.0 * lost / expected);
    }
}
