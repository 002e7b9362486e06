package dev.multiproc.connection;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.transport.Acceptor;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.PipeEnd;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One end of a message channel between processes: Python's
 * {@code multiprocessing.connection.Connection}.
 *
 * <p>Messages keep their boundaries (an empty message is a message), objects travel through the
 * standard codec ({@link #send}/{@link #recv}), raw bytes unchanged ({@link #sendBytes}/
 * {@link #recvBytes}). Lengths are 64-bit on the wire; one message is bounded by a Java array.
 * When the peer has closed its end and every message sent before has been received,
 * {@link #recv} throws {@link ConnectionClosedException} (Python's {@code EOFError}).
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * try (Connection parent = pipe.left(); Connection child = pipe.right()) {
 *     ChildProcess p = new ChildProcess((Connection c) -> c.send("hello from " + ProcessHandle.current().pid()), child);
 *     p.start();
 *     System.out.println(parent.recv());     // hello from 4121
 *     p.join();
 * }
 * }</pre>
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>Using a closed connection, or the wrong direction of a one-way pipe end:
 *       {@link IllegalStateException} (Python's {@code OSError}).</li>
 *   <li>Bad offsets or sizes: {@link IndexOutOfBoundsException} (Python's {@code ValueError}).</li>
 *   <li>A corrupt frame (impossible length, or the peer stopped in the middle of a message):
 *       {@link CorruptFrameException}; this connection is closed, nothing else is affected.</li>
 * </ul>
 *
 * <p>Threads: one thread may receive while another sends; concurrent senders (or receivers) are
 * serialized, each message staying whole.
 *
 * <p>Only pipe ends ({@link Pipe}) can be sent to another process, for instance as an argument of a
 * {@code ChildProcess}; see {@link Pipe} for who owns an end. Connections made by
 * {@link Listener#accept()} and {@link Client#connect} belong to their process.
 */
public final class Connection implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final String WRITER_THREAD = "multiproc-connection-writer";

    private final transient PipeEnd end;
    private final transient String description;
    /** Whether this end may receive; travels with a sent pipe end (see {@link #readable()}). */
    private final boolean readable;
    /** Whether this end may send; travels with a sent pipe end (see {@link #writable()}). */
    private final boolean writable;
    /** Set once connected; read on every call, so kept volatile and never reset. */
    private transient volatile FramedChannel channel;
    private transient volatile boolean closed;

    Connection(PipeEnd end, boolean readable, boolean writable) {
        this.end = end;
        this.description = end.describe();
        this.readable = readable;
        this.writable = writable;
    }

    Connection(FramedChannel connected, String description) {
        this.end = null;
        this.description = description;
        this.channel = connected.combineStreamedWrites(WRITER_THREAD);
        this.readable = true;
        this.writable = true;
    }

    /**
     * Sends {@code obj} encoded with the standard codec (serializable objects, fast path for common types).
     *
     * @param obj the object to send as one message; {@code null} is allowed and is received as {@code null}
     */
    public void send(Object obj) {
        FramedChannel out = writeChannel();
        byte[] payload = StandardCodec.INSTANCE.encode(obj);
        out.write(payload, 0, payload.length);
    }

    /**
     * Receives the next object, waiting for it.
     *
     * @return the object the peer sent, decoded; {@code null} when the peer sent {@code null}
     * @throws ConnectionClosedException when the peer closed and nothing is left
     */
    public Object recv() {
        return StandardCodec.INSTANCE.decode(readChannel().read());
    }

    /**
     * As {@link #recv()}, checking the object's type.
     *
     * @param <T>  the expected type of the object
     * @param type the class the received object must be an instance of
     * @return the received object cast to {@code type}, or {@code null} when the peer sent {@code null}
     * @throws ClassCastException when the received object is not a {@code type}; it is consumed all the same
     */
    public <T> T recv(Class<T> type) {
        Object value = recv();
        if (value != null && !type.isInstance(value)) {
            throw new ClassCastException("received a " + value.getClass().getName() + " on " + description
                    + ", expected a " + type.getName());
        }
        return type.cast(value);
    }

    /**
     * Sends the whole array as one message.
     *
     * @param buf the bytes to send, not {@code null}; an empty array sends an empty message
     */
    public void sendBytes(byte[] buf) {
        sendBytes(buf, 0, buf.length);
    }

    /**
     * Sends {@code buf[offset..]} as one message.
     *
     * @param buf    the array holding the message, not {@code null}
     * @param offset index of the first byte to send, from 0 to {@code buf.length} (which sends an empty message)
     * @throws IndexOutOfBoundsException when {@code offset} is outside the array
     */
    public void sendBytes(byte[] buf, int offset) {
        Objects.requireNonNull(buf, "buf");
        checkOffset(buf, offset);
        sendBytes(buf, offset, buf.length - offset);
    }

    /**
     * Sends {@code size} bytes of {@code buf} from {@code offset} as one message.
     *
     * @param buf    the array holding the message, not {@code null}
     * @param offset index of the first byte to send
     * @param size   number of bytes to send, at least 0 and at most {@code buf.length - offset}
     * @throws IndexOutOfBoundsException when {@code offset} or {@code size} do not fit the array
     */
    public void sendBytes(byte[] buf, int offset, int size) {
        Objects.requireNonNull(buf, "buf");
        checkOffset(buf, offset);
        if (size < 0) {
            throw new IndexOutOfBoundsException("size is negative: " + size);
        }
        if (size > buf.length - offset) {
            throw new IndexOutOfBoundsException("buffer length " + buf.length + " < offset " + offset + " + size " + size);
        }
        writeChannel().write(buf, offset, size);
    }

    private static void checkOffset(byte[] buf, int offset) {
        if (offset < 0) {
            throw new IndexOutOfBoundsException("offset is negative: " + offset);
        }
        if (offset > buf.length) {
            throw new IndexOutOfBoundsException("buffer length " + buf.length + " < offset " + offset);
        }
    }

    /**
     * Receives the next message as bytes, waiting for it.
     *
     * @return the message's bytes, a new array of exactly its length
     * @throws ConnectionClosedException when the peer closed and nothing is left
     */
    public byte[] recvBytes() {
        return readChannel().read();
    }

    /**
     * Receives the next message, which must not be longer than {@code maxLength}.
     *
     * @param maxLength the longest message accepted, in bytes; not negative
     * @return the message's bytes, a new array of exactly its length
     * @throws IllegalArgumentException when {@code maxLength} is negative
     * @throws ConnectionException "bad message length" when it is longer; the connection is then
     *                             closed (the message cannot be skipped safely), as in Python
     */
    public byte[] recvBytes(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("negative maxLength: " + maxLength);
        }
        try {
            return readChannel().readAtMost(maxLength);
        } catch (ConnectionException e) {
            if (!(e instanceof ConnectionClosedException) && !channel.isOpen()) {
                closed = true;
            }
            throw e;
        }
    }

    /**
     * As {@link #recvBytesInto(byte[], int)} at offset 0.
     *
     * @param buf the array the message is copied into, not {@code null}
     * @return the message's length; bytes of {@code buf} past it are left as they were
     */
    public int recvBytesInto(byte[] buf) {
        return recvBytesInto(buf, 0);
    }

    /**
     * Receives the next message into {@code buf} from {@code offset}.
     *
     * @param buf    the array the message is copied into, not {@code null}
     * @param offset index in {@code buf} where the message's first byte goes, from 0 to {@code buf.length}
     * @return the message's length
     * @throws BufferTooShortException when it does not fit; the exception holds the whole message
     */
    public int recvBytesInto(byte[] buf, int offset) {
        Objects.requireNonNull(buf, "buf");
        checkOffset(buf, offset);
        byte[] message = readChannel().read();
        if (message.length > buf.length - offset) {
            throw new BufferTooShortException(message, buf.length - offset);
        }
        System.arraycopy(message, 0, buf, offset, message.length);
        return message.length;
    }

    /**
     * Tells whether a message (or end-of-file) can be received without waiting; never blocks.
     *
     * @return true when the next {@code recv} would not wait
     */
    public boolean poll() {
        return poll(Duration.ZERO);
    }

    /**
     * Waits up to {@code timeout} until a message (or end-of-file) can be received. A zero or
     * negative timeout checks without waiting; {@code null} waits without limit (Python's
     * {@code poll(None)}).
     *
     * @param timeout how long to wait at most; zero or negative does not wait, {@code null} waits without limit
     * @return true when a message (or end-of-file) arrived in time, false when the timeout ran out
     */
    public boolean poll(Duration timeout) {
        checkReadable();
        long timeoutNanos = timeout == null ? -1 : Math.max(0, saturatedNanos(timeout));
        long start = System.nanoTime();
        FramedChannel in = channel;
        if (in == null) {
            try {
                in = end.connect(timeoutNanos);
            } catch (ConnectionClosedException peerGone) {
                return true;
            }
            if (in == null) {
                return false;
            }
            channel = in.combineStreamedWrites(WRITER_THREAD);
        }
        if (timeoutNanos == 0) {
            return in.readyNow();
        }
        long left = timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
        return in.poll(left);
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return timeout.isNegative() ? 0 : -1;
        }
    }

    /**
     * Tells whether this end may receive.
     *
     * @return true, except for the sending end of a one-way pipe
     */
    public boolean readable() {
        return readable;
    }

    /**
     * Tells whether this end may send.
     *
     * @return true, except for the receiving end of a one-way pipe
     */
    public boolean writable() {
        return writable;
    }

    /**
     * Tells whether {@link #close()} was called on this end (or a bad message length closed it).
     *
     * @return true once this end is closed; a peer's close is seen only by receiving
     */
    public boolean isClosed() {
        return closed;
    }

    /** Closes this end; the peer then reads end-of-file. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (end != null) {
            end.close();
        }
        FramedChannel open = channel;
        if (open != null) {
            open.close();
        }
    }

    private FramedChannel writeChannel() {
        FramedChannel out = channel;
        if (out == null || closed || !writable) {
            checkOpen();
            if (!writable) {
                throw new IllegalStateException(description + " is the receiving end of a one-way pipe: it cannot send");
            }
            out = bind();
        }
        return out;
    }

    private FramedChannel readChannel() {
        FramedChannel in = channel;
        if (in == null || closed || !readable) {
            checkReadable();
            in = bind();
        }
        return in;
    }

    private void checkReadable() {
        checkOpen();
        if (!readable) {
            throw new IllegalStateException(description + " is the sending end of a one-way pipe: it cannot receive");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }

    /** Connects a pipe end on its first use, waiting for the peer if this end listens. */
    private FramedChannel bind() {
        FramedChannel connected = channel;
        if (connected == null) {
            connected = end.connect(-1).combineStreamedWrites(WRITER_THREAD);
            channel = connected;
        }
        return connected;
    }

    // ---- for Connections.wait ----

    /** True when a receive would not wait; binds a pipe end that was never used. */
    boolean readyNow() {
        checkReadable();
        FramedChannel in = channel;
        if (in != null) {
            return in.readyNow();
        }
        return end.readyNow();
    }

    /** The socket to watch for readability, or null while a pipe end still waits for its peer. */
    SocketChannel socketToWatch() {
        FramedChannel in = channel;
        if (in == null && end != null && end.pendingAcceptor() == null) {
            try {
                in = end.connect(0);
            } catch (ConnectionClosedException peerGone) {
                return null; // ready at once: the next readiness check says so
            }
            channel = in.combineStreamedWrites(WRITER_THREAD);
        }
        return in == null ? null : in.channel();
    }

    /** While a pipe end waits for its peer: the acceptor that will wake a waiter. */
    Acceptor pendingPeer() {
        return channel == null && end != null ? end.pendingAcceptor() : null;
    }

    // ---- serialization: only pipe ends travel ----

    /**
     * Sends a pipe end as its {@code SentEnd}: which pipe, which end and where the two meet.
     *
     * @return the serialized form that the receiving process turns back into a connected end
     * @throws ObjectStreamException a {@code NotSerializableException} when this is not a pipe end: it belongs to its process
     */
    private Object writeReplace() throws ObjectStreamException {
        if (end == null) {
            throw new NotSerializableException(description + " cannot be sent to another process: only Pipe ends can;"
                    + " connections from Listener.accept() and Client.connect() belong to their process");
        }
        checkOpen();
        end.export();
        return new SentEnd(end.pipeId(), end.side(), end.path().toString(), readable, writable);
    }

    /** The serialized form of a pipe end: which pipe, which end, where the two meet. */
    private static final class SentEnd implements Serializable {
        private static final long serialVersionUID = 1L;
    private static final String WRITER_THREAD = "multiproc-connection-writer";
        private final String pipeId;
        private final int side;
        private final String path;
        private final boolean readable;
        private final boolean writable;

        SentEnd(String pipeId, int side, String path, boolean readable, boolean writable) {
            this.pipeId = pipeId;
            this.side = side;
            this.path = path;
            this.readable = readable;
            this.writable = writable;
        }

        private Object readResolve() {
            return new Connection(PipeEnd.imported(pipeId, side, Path.of(path)), readable, writable);
        }
    }

    @Override
    public String toString() {
        return "Connection[" + (end != null ? end.toString() : description)
                + (readable && writable ? "" : readable ? ", receive only" : ", send only")
                + (closed ? ", closed" : "") + "]";
    }
}
