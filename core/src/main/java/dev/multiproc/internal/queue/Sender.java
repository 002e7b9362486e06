package dev.multiproc.internal.queue;

import dev.multiproc.internal.transport.FramedChannel;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The writing side of a connection to a queue's owner: streamed puts are write-combined, so many
 * small items leave in one frame and one system call.
 *
 * <p>Why a feeder thread (as Python's queue has): a producer in a tight loop only copies its
 * encoded item into the pending batch; the feeder writes whatever has gathered while its previous
 * write was in the kernel. A put never waits for the owner, which keeps no limit on an unbounded
 * queue, so a process's exit never depends on anyone draining the queue (Python's
 * join-before-drain deadlock). Every other message first writes the pending batch, so one
 * connection's messages reach the owner in the order they were made.
 */
final class Sender {
    private static final int HEADER = 5;
    /** A producer that gets this far ahead of the feeder writes the batch itself. */
    private static final int FLUSH_AT = 256 * 1024;

    private final FramedChannel channel;
    private final String name;
    private final Object writeLock = new Object();
    private final Object pendingLock = new Object();
    private byte[] pending = new byte[64 * 1024];
    private byte[] spare;
    private int size = HEADER;
    private int count;
    private long streamed;
    private Thread feeder;
    private boolean feederWaiting;
    private boolean stopped;
    private volatile RuntimeException failure;

    Sender(FramedChannel channel, String name) {
        this.channel = channel;
        this.name = name;
    }

    /** Queues {@code item} for the owner; a large item is written at once, from the caller's array. */
    void stream(Item item) {
        checkFailure();
        if (item.separate()) {
            ByteBuffer header = ByteBuffer.allocate(HEADER + Wire.RECORD_HEADER).put(Wire.PUTS).putInt(1);
            Wire.putRecord(header, item);
            synchronized (pendingLock) {
                streamed++;
            }
            send(header.array(), List.of(item));
            return;
        }
        boolean flushNow;
        synchronized (pendingLock) {
            int needed = size + Wire.recordSize(item);
            if (needed > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
            }
            ByteBuffer out = ByteBuffer.wrap(pending, size, needed - size);
            Wire.putRecord(out, item);
            size = needed;
            count++;
            streamed++;
            flushNow = size >= FLUSH_AT;
            if (!flushNow) {
                if (feeder == null) {
                    startFeeder();
                } else if (feederWaiting) {
                    pendingLock.notify();
                }
            }
        }
        if (flushNow) {
            synchronized (writeLock) {
                flushLocked();
            }
        }
    }

    /** Writes the pending batch, then {@code frame} and the frames of its large items. */
    void send(byte[] frame, List<Item> items) {
        checkFailure();
        synchronized (writeLock) {
            try {
                flushLocked();
                channel.write(frame, 0, frame.length);
                Wire.writeSeparate(channel, items);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }

    void send(byte[] frame) {
        send(frame, List.of());
    }

    /** How many items were streamed so far. */
    long streamed() {
        synchronized (pendingLock) {
            return streamed;
        }
    }

    /** Writes what is pending now, in the caller. */
    void flush() {
        synchronized (writeLock) {
            flushLocked();
        }
    }

    void stop() {
        synchronized (pendingLock) {
            stopped = true;
            pendingLock.notifyAll();
        }
    }

    RuntimeException failure() {
        return failure;
    }

    private void checkFailure() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private void flushLocked() {
        byte[] batch;
        int length;
        int items;
        synchronized (pendingLock) {
            if (count == 0) {
                return;
            }
            batch = pending;
            length = size;
            items = count;
            pending = spare != null ? spare : new byte[64 * 1024];
            spare = null;
            size = HEADER;
            count = 0;
        }
        batch[0] = Wire.PUTS;
        ByteBuffer.wrap(batch, 1, 4).putInt(items);
        try {
            channel.write(batch, 0, length);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
        synchronized (pendingLock) {
            if (spare == null && batch.length <= 4 * FLUSH_AT) {
                spare = batch;
            }
        }
    }

    private void startFeeder() {
        feeder = new Thread(this::feed, "multiproc-queue-feeder " + name);
        feeder.setDaemon(true);
        feeder.start();
    }

    private void feed() {
        while (true) {
            synchronized (pendingLock) {
                while (count == 0 && !stopped) {
                    feederWaiting = true;
                    try {
                        pendingLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        feederWaiting = false;
                    }
                }
                if (stopped) {
                    return;
                }
            }
            try {
                synchronized (writeLock) {
                    flushLocked();
                }
            } catch (RuntimeException e) {
                return; // recorded as the failure; the next put reports it
            }
        }
    }
}
