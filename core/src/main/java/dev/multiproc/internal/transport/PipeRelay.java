package dev.multiproc.internal.transport;

import dev.multiproc.connection.ConnectionException;

import java.io.IOException;

/**
 * Carries frames between an end that was already connected in this process and the process it
 * was sent to, for the one order a direct socket cannot serve: one end of a fresh pipe was used
 * here (so both were joined by a local socket pair), then the other, still unused, was sent away.
 * The unused end's half of the local pair stays here, and two daemon threads copy frames between
 * it and the receiver once that has connected and authenticated; end-of-file travels both ways.
 * Frames the used end wrote before the receiver arrived wait in the local socket and go first.
 * Each message crosses two sockets: the price of using an end before sending its peer away.
 */
final class PipeRelay {
    private PipeRelay() {
    }

    /** Starts relaying between {@code local} and the first peer {@code acceptor} admits. */
    static void start(FramedChannel local, Acceptor acceptor, String description) {
        Thread waiter = new Thread(() -> {
            FramedChannel remote;
            try {
                remote = acceptor.take(-1);
            } catch (RuntimeException notConnected) {
                acceptor.close(true);
                local.close(); // the used end reads end-of-file
                return;
            }
            acceptor.close(false); // one peer only; the connection taken stays open
            Thread there = pump(local, remote, description + " relay out");
            Thread back = pump(remote, local, description + " relay in");
            try {
                there.join();
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            local.close();
            remote.close();
        }, description + " relay");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** A started thread copying frames from {@code from} to {@code to} until end-of-file; returns it. */
    private static Thread pump(FramedChannel from, FramedChannel to, String name) {
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    byte[] frame = from.read();
                    to.write(frame, 0, frame.length);
                }
            } catch (ConnectionException | IllegalStateException endOfStream) {
                try {
                    to.channel().shutdownOutput(); // the reader on the other side sees end-of-file
                } catch (IOException | RuntimeException alreadyClosed) {
                    // nothing left to tell it
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
