package dev.multiproc.internal.transport;

import dev.multiproc.connection.ConnectionClosedException;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.runtime.JvmProcess;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Write-combining for a {@link FramedChannel} that streams: frames sent back to back, with no read
 * in between, are copied into a buffer and written by a background thread, many frames per system
 * call; a frame sent after a read (request/response) is written at once by the caller, as before.
 *
 * <p>Why: one {@code write(2)} per message costs a few microseconds, and much more in a freshly
 * started JVM whose socket path is not compiled yet; a child that streams 1 KiB messages spent most
 * of its time there. Copying into a buffer is cheap even when interpreted, and the writer thread
 * overlaps the system calls with the sender's work.
 *
 * <p>What a caller keeps: frames leave in the order they were sent; a full buffer blocks the sender
 * (back-pressure, as a full socket blocks a direct write); {@link #drain} and close deliver every
 * buffered frame before returning; a child drains all channels before it reports its exit, so a
 * parent that joined a child can read everything the child sent. What changes: a failure to write
 * a buffered frame (the peer closed) is reported by the next send instead of the one that buffered
 * it, as with Python's queue feeder thread.
 */
final class WriteBehind {
    /** Frames up to this size are buffered; larger ones are written directly once the buffer drained. */
    static final int CAPACITY = 64 * 1024;
    private static final long SPIN_NANOS = 50_000;
    private static final long IDLE_EXIT_MILLIS = 1_000;
    /** Channels with a writer thread, drained at exit; weak so a dropped channel can be collected. */
    private static final Set<WriteBehind> ACTIVE = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    static {
        // a class, not a method reference: see ChildMain on lambdas early in a child
        JvmProcess.drainAtExit(new DrainAll());
    }

    /** Writes a batch of whole frames (position to limit) to the channel, under the channel's write lock. */
    interface Sink {
        void writeBatch(ByteBuffer batch);
    }

    private final Sink sink;
    private final String name;
    // direct buffers (handed a heap buffer, the JDK copies it into a temporary direct one per
    // write), made when the connection first streams: most connections never do
    private ByteBuffer pending;
    private ByteBuffer spare;
    private volatile int pendingLength;
    /** The writer thread holds a batch it has not finished writing. */
    private boolean flushing;
    private boolean writerWaiting;
    private Thread writer;
    private ConnectionException failure;
    private boolean closed;
    /** A read happened since the last send: the next send is a reply or a request, written at once. */
    private volatile boolean readSinceSend = true;

    WriteBehind(Sink sink, String name) {
        this.sink = sink;
        this.name = name;
    }

    /** Noted by the channel on every read. */
    void noteRead() {
        readSinceSend = true;
    }

    /**
     * Buffers a frame ({@code header} then {@code length} bytes of {@code payload}) when the channel
     * streams; returns false when the caller should write it directly (after a read, or too large),
     * having waited until every buffered frame is written so order is kept.
     */
    boolean offer(long header, byte[] payload, int offset, int length) throws InterruptedException {
        boolean streaming = !readSinceSend;
        readSinceSend = false;
        int frame = Long.BYTES + length;
        synchronized (this) {
            throwFailure();
            if (!streaming || frame > CAPACITY / 2) {
                awaitDrainedLocked(Long.MAX_VALUE);
                throwFailure();
                return false;
            }
            if (pending == null) {
                pending = ByteBuffer.allocateDirect(CAPACITY);
                spare = ByteBuffer.allocateDirect(CAPACITY);
            }
            while (pendingLength + frame > CAPACITY) {
                wait();
                throwFailure();
            }
            pending.putLong(header).put(payload, offset, length);
            pendingLength = pending.position();
            wakeWriter();
        }
        return true;
    }

    /** Waits until every buffered frame is written (or failed); false when the timeout passed first. */
    boolean drain(long timeoutNanos) throws InterruptedException {
        synchronized (this) {
            return awaitDrainedLocked(timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos);
        }
    }

    /** Stops the writer thread after it wrote what is buffered (the channel is being closed). */
    void close(long timeoutNanos) {
        synchronized (this) {
            try {
                awaitDrainedLocked(System.nanoTime() + timeoutNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closed = true;
            notifyAll();
        }
        ACTIVE.remove(this);
    }

    /** Drains every streaming channel of this JVM: a child calls it before reporting its exit. */
    static void drainAll(long timeoutNanos) {
        WriteBehind[] all;
        synchronized (ACTIVE) {
            all = ACTIVE.toArray(new WriteBehind[0]);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (WriteBehind w : all) {
            try {
                w.drain(Math.max(0, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean awaitDrainedLocked(long deadline) throws InterruptedException {
        while ((pendingLength > 0 || flushing) && failure == null) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return true;
    }

    private void throwFailure() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new ConnectionClosedException("cannot send: the connection is closed");
        }
    }

    private void wakeWriter() {
        if (writer == null) {
            writer = new Thread(this::writeLoop, name);
            writer.setDaemon(true);
            ACTIVE.add(this);
            writer.start();
        } else if (writerWaiting) {
            notifyAll();
        }
    }

    private void writeLoop() {
        while (true) {
            spinForWork();
            ByteBuffer batch;
            synchronized (this) {
                if (!awaitWorkLocked()) {
                    return;
                }
                batch = pending.flip();
                pending = spare.clear();
                spare = batch;
                pendingLength = 0;
                flushing = true;
                notifyAll(); // senders waiting for room
            }
            ConnectionException failed = null;
            try {
                sink.writeBatch(batch);
            } catch (RuntimeException e) {
                failed = e instanceof ConnectionException c ? c : new ConnectionException("cannot send: " + e, e);
            }
            synchronized (this) {
                flushing = false;
                if (failed != null) {
                    if (failure == null) {
                        failure = failed;
                    }
                    pending.clear(); // the peer is gone: what is buffered cannot be delivered
                    pendingLength = 0;
                }
                notifyAll(); // drainers and direct writers
            }
        }
    }

    /**
     * A streaming sender refills the buffer within microseconds: look for a batch for a short
     * while before waiting on the monitor (a wake-up through the kernel costs tens of microseconds
     * on an idle vCPU). Yielding, not busy-spinning, so a loaded machine gives the core away.
     */
    private void spinForWork() {
        long spinEnd = System.nanoTime() + SPIN_NANOS;
        while (pendingLength == 0 && System.nanoTime() - spinEnd < 0) {
            Thread.yield();
        }
    }

    /**
     * Waits for a batch; after a long idle spell the thread ends and the next batch starts a new
     * one. Returns false when the thread should end. Called holding this monitor.
     */
    private boolean awaitWorkLocked() {
        long idleEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_EXIT_MILLIS);
        while (pendingLength == 0) {
            long remaining = idleEnd - System.nanoTime();
            if (closed || remaining <= 0 || failure != null) {
                writer = null;
                ACTIVE.remove(this);
                return false;
            }
            writerWaiting = true;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                writerWaiting = false;
            }
        }
        return true;
    }

    /** Drains every streaming channel at JVM exit, before the exit actions run. */
    private static final class DrainAll implements java.util.function.LongConsumer {
        @Override
        public void accept(long timeoutNanos) {
            drainAll(timeoutNanos);
        }
    }
}
