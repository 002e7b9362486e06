package dev.multiproc.internal.manager;

import dev.multiproc.connection.Connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The server's side of a call that waits (a queue's take, a lock's acquire, an event's await): it
 * runs on the connection's serving thread while a reader watches the connection for the client's
 * cancel ({@link Wire#CANCEL}) or hang-up, and either one interrupts the call.
 *
 * <p>Why on the serving thread: that thread stands in for the client thread (it owns a reentrant
 * lock or a condition the client took), so the call cannot move to another one. Why an interrupt:
 * a JDK wait that ends with {@code InterruptedException} took nothing (no item, no permit, no
 * lock), so a cancelled call leaves the object as it was; a call that completed before the cancel
 * reached it replies its result, which the client then keeps. The serving thread is interrupted
 * only while it is inside the call, never while it sends the reply or serves the next call.
 *
 * <p>The reader stays until the client's next call arrives (the client sends nothing else but
 * cancels meanwhile) and hands it to the serving thread.
 */
final class WaitingCall {
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "multiproc-manager-reader");
        t.setDaemon(true);
        return t;
    });

    private final Thread runner;
    private final CompletableFuture<byte[]> next = new CompletableFuture<>();
    private boolean running = true;

    private WaitingCall(Thread runner) {
        this.runner = runner;
    }

    /** Starts watching {@code client} for the calling thread, which is about to run a waiting call. */
    static WaitingCall watch(Connection client) {
        WaitingCall call = new WaitingCall(Thread.currentThread());
        READERS.execute(() -> call.readAhead(client));
        return call;
    }

    private void readAhead(Connection client) {
        try {
            byte[] frame = client.recvBytes();
            while (Wire.isCancel(frame)) {
                interrupt();
                frame = client.recvBytes();
            }
            next.complete(frame);
        } catch (RuntimeException gone) {
            // the client hung up, died, or the server stops: nobody is left to take the result
            interrupt();
            next.complete(null);
        }
    }

    private synchronized void interrupt() {
        if (running) {
            runner.interrupt();
        }
    }

    /** Runs the call on the calling thread (the one that {@link #watch}ed); its interrupt is cleared after. */
    byte[] run(Supplier<byte[]> call) {
        try {
            return call.get();
        } finally {
            synchronized (this) {
                running = false;
            }
            Thread.interrupted(); // a cancel that came too late: the call completed
        }
    }

    /** The client's next call once it arrives, or null when the client hung up. */
    byte[] awaitNext() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return next.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException impossible) {
                    return null;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
