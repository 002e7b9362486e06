package dev.multiproc.internal.queue;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.events.Events;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;

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
    private static final int FLUSH_AT = 1024 * 1024;
    /**
     * Batches are cut at this size: a frame that fits the transport's 64 KiB direct buffers is
     * written with one copy and one system call, while a larger one goes through the JDK's
     * temporary buffers and a socket-buffer-sized wait per slice (measured: 3-4x slower).
     */
    private static final int FRAME_TARGET = 60 * 1024;
    /** The feeder waits for more items while they keep coming this fast, up to {@link #LINGER_BYTES}. */
    private static final long LINGER_NANOS = 5_000;
    private static final int LINGER_BYTES = 48 * 1024;

    private final FramedChannel channel;
    private final String name;
    private final Object writeLock = new Object();
    private final Object pendingLock = new Object();
    /** Full batches waiting for the feeder, each one frame of at most about {@link #FRAME_TARGET} bytes. */
    private final java.util.ArrayDeque<Frame> sealed = new java.util.ArrayDeque<>();
    private byte[] pending = new byte[FRAME_TARGET];
    private volatile int size = HEADER;
    private volatile int count;
    /** Bytes in sealed batches plus the open one. */
    private volatile int queuedBytes;
    private long streamed;
    private Thread feeder;
    private boolean feederWaiting;
    private volatile boolean stopped;
    private volatile RuntimeException failure;
    /** The slab the owner granted this connection, once this process has mapped it. */
    private volatile SlabRing slab;

    Sender(FramedChannel channel, String name) {
        this.channel = channel;
        this.name = name;
    }

    /**
     * Queues {@code value} encoded straight into the pending batch, when the codec can do that
     * (boxed primitives, small {@code byte[]}); false, with nothing queued, for any other value.
     *
     * <p>Why: a put is then one copy of the value and a few field updates. A child JVM runs the
     * first tens of thousands of puts before its compiler has caught up, and an encoded array plus
     * a buffer object per item cost more there than the copy itself.
     */
    boolean streamInPlace(Object value) {
        byte[] bytes = value instanceof byte[] ? (byte[]) value : null;
        if (bytes != null && bytes.length + 1 >= Item.LARGE) {
            return false;
        }
        checkFailure();
        int room = Wire.RECORD_HEADER + (bytes != null ? bytes.length + 1 : StandardCodec.MAX_FIXED);
        boolean flushNow;
        synchronized (pendingLock) {
            makeRoom(room);
            int at = size + Wire.RECORD_HEADER;
            int n = bytes != null ? StandardCodec.INSTANCE.encodeBytes(bytes, pending, at)
                    : StandardCodec.INSTANCE.encodeFixed(value, pending, at);
            if (n < 0) {
                return false;
            }
            Wire.putRecordHeader(pending, size, false, n);
            flushNow = appended(Wire.RECORD_HEADER + n);
        }
        flushIf(flushNow);
        return true;
    }

    boolean hasSlab() {
        return slab != null;
    }

    /** From now on, large items go through {@code ring} when it has room. */
    void useSlab(SlabRing ring) {
        slab = ring;
    }

    /**
     * Writes {@code payload} (the {@code byte[]} value itself when {@code raw}, else its encoding)
     * into this connection's slab and queues a reference to it; false, with nothing queued, when
     * there is no slab yet, the item's size does not suit one, or the slab is full (the consumers
     * are behind: the item then goes inline, a put never waits).
     *
     * <p>The block is complete and published before its reference is queued, so a producer killed
     * at any point never makes a torn item visible.
     */
    boolean streamSlab(byte[] payload, boolean raw) {
        SlabRing ring = slab;
        if (ring == null || !ring.accepts(payload.length)) {
            return false;
        }
        checkFailure();
        int record = Wire.RECORD_HEADER + Item.REFERENCE;
        boolean flushNow;
        synchronized (pendingLock) {
            int offset = ring.write(payload, 0, payload.length);
            if (offset < 0) {
                return false;
            }
            makeRoom(record);
            Wire.putSlabRecord(pending, size, raw, payload.length, offset, ring.lastSeq());
            flushNow = appended(record);
        }
        flushIf(flushNow);
        return true;
    }

    /** Queues {@code item} for the owner; a large item is written at once, from the caller's array. */
    void stream(Item item) {
        checkFailure();
        if (item.separate()) {
            FrameBuilder header = new FrameBuilder(HEADER + Wire.RECORD_HEADER).putByte(Wire.PUTS).putInt(1);
            Wire.putRecord(header, item);
            synchronized (pendingLock) {
                streamed++;
            }
            send(header.toByteArray(), List.of(item));
            return;
        }
        boolean flushNow;
        synchronized (pendingLock) {
            int record = Wire.recordSize(item);
            makeRoom(record);
            Wire.putRecordHeader(pending, size, item.raw(), item.length());
            System.arraycopy(item.bytes(), 0, pending, size + Wire.RECORD_HEADER, item.length());
            flushNow = appended(record);
        }
        flushIf(flushNow);
    }

    /** Under the pending lock: room for a record of {@code record} bytes at {@code size}, in a new batch if this one is full. */
    private void makeRoom(int record) {
        if (count > 0 && size + record > FRAME_TARGET) {
            seal();
        }
        if (size + record > pending.length) {
            pending = java.util.Arrays.copyOf(pending, size + record);
        }
    }

    /** Outside the pending lock: a producer that got too far ahead of the feeder writes the batch itself. */
    private void flushIf(boolean flushNow) {
        if (flushNow) {
            synchronized (writeLock) {
                flushLocked();
            }
        }
    }

    /** Under the pending lock: counts a record just written at {@code size}; true when the producer should write now. */
    private boolean appended(int record) {
        size += record;
        count++;
        streamed++;
        queuedBytes += record;
        boolean flushNow = queuedBytes >= FLUSH_AT;
        if (!flushNow) {
            if (feeder == null) {
                startFeeder();
            } else if (feederWaiting) {
                pendingLock.notify();
            }
        }
        return flushNow;
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

    /** Under the pending lock: closes the open batch into a frame of its own. */
    private void seal() {
        pending[0] = Wire.PUTS;
        FrameBuilder.setInt(pending, 1, count);
        sealed.add(new Frame(pending, size));
        pending = new byte[FRAME_TARGET];
        size = HEADER;
        count = 0;
    }

    /** Under the write lock: writes every batch gathered so far, in order. */
    private void flushLocked() {
        while (true) {
            Frame frame;
            synchronized (pendingLock) {
                if (sealed.isEmpty() && count > 0) {
                    seal();
                }
                frame = sealed.poll();
                if (frame == null) {
                    return;
                }
                queuedBytes -= frame.length() - HEADER;
            }
            try {
                channel.write(frame.bytes(), 0, frame.length());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            if (Events.queueBatchEnabled()) {
                Events.queueBatch(name, true, FrameReader.intAt(frame.bytes(), 1), frame.length());
            }
        }
    }

    /** A sealed batch: the first {@code length} bytes of {@code bytes} (not copied to an exact-size array). */
    private record Frame(byte[] bytes, int length) {
    }

    /**
     * Why linger: a producer slower than the feeder would otherwise get one write (a system call
     * and a wake-up of the owner) per item. While items keep arriving within a few microseconds
     * of each other, the feeder lets them gather, up to a batch that fits a socket buffer in one
     * write; a lone put waits at most a few microseconds more.
     */
    private void linger() {
        int seen = -1;
        while (queuedBytes < LINGER_BYTES && count != seen && !stopped) {
            seen = count;
            long until = System.nanoTime() + LINGER_NANOS;
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
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
                while (count == 0 && sealed.isEmpty() && !stopped) {
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
            linger();
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
