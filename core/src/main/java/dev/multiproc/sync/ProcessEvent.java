package dev.multiproc.sync;

import dev.multiproc.internal.runtime.Interruption;
import dev.multiproc.internal.shm.Backoff;
import dev.multiproc.internal.shm.EventDescriptor;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentFiles;
import dev.multiproc.internal.shm.SegmentHeader;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A flag that processes can wait on: Python's {@code multiprocessing.Event}.
 *
 * <p>{@link #set()} wakes every waiter and lets later {@link #await()} calls return at once until
 * {@link #clear()}. Python's {@code wait} is {@link #await()}/{@link #await(Duration)} here
 * ({@code wait} belongs to {@link Object}).
 *
 * <pre>{@code
 * ProcessEvent started = new ProcessEvent();
 * new ChildProcess(() -> {
 *     loadModel();
 *     started.set();
 * }).start();
 * if (!started.await(Duration.ofSeconds(30))) throw new IllegalStateException("child too slow");
 * }</pre>
 */
public final class ProcessEvent implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int FLAG = SegmentHeader.LENGTH + EventDescriptor.FLAG_OFFSET;

    private final transient Segment segment;
    private final transient ByteBuffer buffer;

    /** A new event, initially clear. */
    public ProcessEvent() {
        this(newSegment());
    }

    ProcessEvent(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
    }

    private static Segment newSegment() {
        Segment segment = Segment.create(SegmentFiles.newName("event"), SegmentHeader.LENGTH + EventDescriptor.LENGTH);
        SegmentHeader.write(segment.buffer(), SegmentHeader.EVENT, 0);
        return segment;
    }

    /** Sets the flag: every waiter returns. */
    public void set() {
        Memory.INT.setVolatile(buffer, FLAG, 1);
    }

    /** Clears the flag. */
    public void clear() {
        Memory.INT.setVolatile(buffer, FLAG, 0);
    }

    /**
     * Tells whether the flag is set: Python's {@code is_set()}.
     *
     * @return true from {@link #set()} until {@link #clear()}
     */
    public boolean isSet() {
        return (int) Memory.INT.getAcquire(buffer, FLAG) != 0;
    }

    /**
     * Waits until the flag is set: Python's {@code wait()}.
     *
     * @return true, as Python's {@code wait()} does without a timeout
     */
    public boolean await() {
        return Interruption.unchecked(this, () -> awaitUntil(Backoff.NO_DEADLINE));
    }

    /**
     * Waits until the flag is set or {@code timeout} passes: Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait at most, not {@code null}; zero or negative only checks the flag
     * @return the flag: false only if the timeout passed with the flag clear
     */
    public boolean await(Duration timeout) {
        return Interruption.unchecked(this, () -> awaitUntil(Backoff.deadline(ProcessLock.saturatedNanos(timeout))));
    }

    private boolean awaitUntil(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Backoff backoff = null;
        while (!isSet()) {
            if (Backoff.expired(deadline)) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + this);
            }
            if (backoff == null) {
                backoff = new Backoff();
            }
            backoff.idle(deadline);
        }
        return true;
    }

    /** Removes the shared file if this instance created it; see {@link ProcessLock#close()}. */
    @Override
    public void close() {
        if (segment.isCreator()) {
            segment.unlink();
        }
    }

    /**
     * Sends the event by name: the receiving process maps the same shared memory.
     *
     * @return the serialized form naming the event's shared-memory segment
     */
    private Object writeReplace() {
        return new SerialForm(SerialForm.EVENT, segment.name(), SegmentHeader.LENGTH, true);
    }

    @Override
    public String toString() {
        return "ProcessEvent[" + segment.name() + "]";
    }
}
