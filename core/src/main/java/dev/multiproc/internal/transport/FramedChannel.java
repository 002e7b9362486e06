package dev.multiproc.internal.transport;

import dev.multiproc.connection.ConnectionClosedException;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.connection.CorruptFrameException;
import dev.multiproc.connection.MessageTooLargeException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Length-prefixed messages over a non-blocking socket channel, with a brief spin before blocking.
 *
 * <pre>
 *   0                   8
 *   +-------------------+---------------------------+
 *   | length (int64 BE) | payload (length bytes)    |
 *   +-------------------+---------------------------+
 * </pre>
 *
 * <p>Why spin: on a small VM an idle vCPU halts, and waking the peer through the kernel costs about
 * 70 us per hand-off; polling a non-blocking read for a few tens of microseconds first catches most
 * replies of a ping-pong in a few microseconds. After the spin budget the reader parks in a
 * {@link Selector}, so an idle connection burns no CPU.
 *
 * <p>Why 64-bit lengths: no 4 GiB ceiling on the wire (the Java API of one message is bounded by
 * a {@code byte[]}). A length above {@link #maxFrameLength()} is treated as a corrupt frame: the
 * channel is closed and the reader gets a {@link CorruptFrameException}.
 *
 * <p>One reader and one writer may use the channel at the same time; reads and writes are each
 * serialized by their own lock.
 */
public final class FramedChannel implements Closeable {
    /** Largest payload a single {@code byte[]} can hold. */
    public static final long MAX_ARRAY_FRAME = Integer.MAX_VALUE - 16;
    /**
     * The longest frame a channel accepts by default: {@code -Dmultiproc.maxMessageBytes}, at most
     * (and by default) {@link #MAX_ARRAY_FRAME}. A longer frame is corrupt to the receiver.
     */
    static final long MAX_MESSAGE = Math.min(MAX_ARRAY_FRAME, Long.getLong("multiproc.maxMessageBytes", MAX_ARRAY_FRAME));
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Slices for large reads: the JDK reads a heap buffer through a temporary direct buffer of its size. */
    private static final int SLICE = 1 << 20;
    /** Frames up to this size are read into an array of their full length at once. */
    private static final int EAGER_ALLOCATION = 16 << 20;
    private static final long CLOSE_DRAIN_NANOS = 10_000_000_000L;
    private static final long DEFAULT_SPIN_NANOS = Long.getLong("multiproc.spinMicros", 50) * 1000;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_SIZE).flip();
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final long maxFrameLength;
    private final long spinNanos;
    private final boolean blocking;
    private Selector readSelector;
    private Selector writeSelector;
    private volatile boolean eof;
    /** Set when the channel combines streamed writes; null for request/response use. */
    private volatile WriteBehind writeBehind;

    public FramedChannel(SocketChannel channel) throws IOException {
        this(channel, MAX_MESSAGE, DEFAULT_SPIN_NANOS);
    }

    public FramedChannel(SocketChannel channel, long maxFrameLength, long spinNanos) throws IOException {
        this(channel, maxFrameLength, spinNanos, false);
    }

    private FramedChannel(SocketChannel channel, long maxFrameLength, long spinNanos, boolean blocking) throws IOException {
        this.channel = channel;
        this.maxFrameLength = maxFrameLength;
        this.spinNanos = spinNanos;
        this.blocking = blocking;
        channel.configureBlocking(blocking);
    }

    /**
     * A channel that blocks in the kernel instead of spinning and parking in a selector: for a
     * child's control connection, where latency does not matter and start-up cost does (no selector
     * to create). {@link #poll} on it does not wait: it reports true, and a read blocks.
     */
    public static FramedChannel blocking(SocketChannel channel) throws IOException {
        return new FramedChannel(channel, MAX_MESSAGE, 0, true);
    }

    /**
     * Lets frames sent back to back (no read in between) be combined and written by a background
     * thread; see {@link WriteBehind}. For user-facing connections, whose traffic can stream;
     * internal protocols that batch on their own do not use it.
     */
    public FramedChannel combineStreamedWrites(String writerThreadName) {
        if (!blocking && writeBehind == null) {
            writeBehind = new WriteBehind(this::writeBatch, writerThreadName);
        }
        return this;
    }

    /**
     * Waits up to {@code timeoutNanos} until every frame this JVM buffered on a streaming channel is
     * written: a child calls it before reporting its exit, so its parent can read all it sent.
     */
    public static void drainStreamedWrites(long timeoutNanos) {
        WriteBehind.drainAll(timeoutNanos);
    }

    private void writeBatch(ByteBuffer batch) {
        synchronized (writeLock) {
            try {
                writeFully(batch);
            } catch (IOException e) {
                throw failure("send", e);
            }
        }
    }

    public long maxFrameLength() {
        return maxFrameLength;
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Sends one frame holding {@code length} bytes of {@code payload} from {@code offset}. */
    public void write(byte[] payload, int offset, int length) {
        if (length > MAX_ARRAY_FRAME) {
            throw new MessageTooLargeException("a message of " + length + " bytes", length, null);
        }
        WriteBehind combining = writeBehind;
        if (combining != null) {
            try {
                if (combining.offer(length, payload, offset, length)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException("interrupted while waiting to send", e);
            }
        }
        synchronized (writeLock) {
            try {
                out.clear();
                out.putLong(length);
                if (length <= out.remaining()) {
                    out.put(payload, offset, length).flip();
                    writeFully(out);
                    return;
                }
                // Through our own direct buffer, a buffer-full at a time: handed a heap buffer, the
                // JDK copies all of its remaining bytes to a temporary direct buffer on every write
                // call, and a non-blocking socket takes only what fits its send buffer, so each
                // 1 MiB slice used to be copied again after every partial write (about 3 MiB of
                // copying per MiB sent with a 208 KiB send buffer).
                int done = Math.min(out.remaining(), length);
                out.put(payload, offset, done).flip();
                writeFully(out);
                while (done < length) {
                    int n = Math.min(out.capacity(), length - done);
                    out.clear();
                    out.put(payload, offset + done, n).flip();
                    writeFully(out);
                    done += n;
                }
            } catch (IOException e) {
                throw failure("send", e);
            }
        }
    }

    /**
     * Receives one whole frame, blocking until it has arrived.
     *
     * @throws ConnectionClosedException when the peer closed before a new frame began
     * @throws CorruptFrameException when the length is impossible or the peer closed mid-frame
     */
    public byte[] read() {
        return read(maxFrameLength);
    }

    /** As {@link #read()}, with a tighter bound on the length (used before authentication). */
    public byte[] read(long maxLength) {
        return read(maxLength, false);
    }

    /**
     * As {@link #read()}, for a caller that accepts at most {@code maxLength} bytes (Python's
     * {@code recv_bytes(maxlength)}): a longer, well-formed message is a "bad message length"
     * {@link ConnectionException}, not a corrupt frame. Either way the connection is closed, since
     * the unread message would otherwise be taken for the next frame header.
     */
    public byte[] readAtMost(long maxLength) {
        return read(maxLength, true);
    }

    /**
     * As {@link #read(long)}, but gives up at {@code deadlineNanos} ({@link System#nanoTime()}
     * time), however much of the frame has arrived: for the handshake, whose peer is not trusted
     * yet and could otherwise hold the reader by sending part of a frame and then nothing.
     *
     * @return the frame, or null when the deadline passed first; the channel is then closed
     */
    public byte[] readBefore(long maxLength, long deadlineNanos) {
        byte[] frame = read(maxLength, false, deadlineNanos);
        if (frame == null) {
            closeQuietly();
        }
        return frame;
    }

    private byte[] read(long maxLength, boolean callersBound) {
        return read(maxLength, callersBound, Long.MAX_VALUE);
    }

    private byte[] read(long maxLength, boolean callersBound, long deadline) {
        WriteBehind combining = writeBehind;
        if (combining != null) {
            combining.noteRead();
        }
        synchronized (readLock) {
            try {
                if (!fill(Long.BYTES, "before a new message began", deadline)) {
                    return null;
                }
                long length = in.getLong();
                long bound = callersBound ? maxFrameLength : maxLength;
                if (length < 0 || length > bound) {
                    closeQuietly();
                    throw new CorruptFrameException("corrupt frame: length " + length + " is outside 0.."
                            + bound + "; the connection is closed");
                }
                if (length > maxLength) {
                    closeQuietly();
                    throw new ConnectionException("bad message length: the message has " + length
                            + " bytes, more than the maximum of " + maxLength + "; the connection is closed");
                }
                return readPayload((int) length, deadline);
            } catch (IOException e) {
                throw failure("receive", e);
            }
        }
    }

    /**
     * The payload of a frame whose header said {@code length}. Beyond {@link #EAGER_ALLOCATION} the
     * array grows with the bytes that actually arrive (doubling, so at most one extra copy of the
     * whole): a header alone cannot make this process allocate the gigabytes its length may claim.
     */
    private byte[] readPayload(int length, long deadline) throws IOException {
        byte[] frame = new byte[Math.min(length, EAGER_ALLOCATION)];
        int buffered = Math.min(in.remaining(), length);
        in.get(frame, 0, buffered);
        for (int done = buffered; done < length; ) {
            if (done == frame.length) {
                frame = java.util.Arrays.copyOf(frame, (int) Math.min(length, 2L * frame.length));
            }
            int n = awaitData(ByteBuffer.wrap(frame, done, Math.min(SLICE, frame.length - done)), deadline);
            if (n < 0) {
                throw new CorruptFrameException("the peer closed in the middle of a " + length
                        + "-byte message after " + done + " bytes");
            }
            if (n == 0) {
                return null; // deadline
            }
            done += n;
        }
        return frame;
    }

    /**
     * Waits up to {@code timeoutNanos} (negative: forever) until data or end-of-stream can be read.
     *
     * @return true when a {@link #read()} would not wait for the first byte
     */
    public boolean poll(long timeoutNanos) {
        synchronized (readLock) {
            if (in.hasRemaining() || eof || blocking) {
                return true;
            }
            try {
                long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
                in.compact();
                try {
                    int n = awaitData(in, deadline);
                    if (n < 0) {
                        eof = true;
                    }
                    return n != 0;
                } finally {
                    in.flip();
                }
            } catch (IOException e) {
                throw failure("poll", e);
            }
        }
    }

    /** Buffers at least {@code needed} bytes; false when {@code deadline} passed first. */
    private boolean fill(int needed, String when, long deadline) throws IOException {
        while (in.remaining() < needed) {
            if (eof) {
                throw endOfStream(when);
            }
            in.compact();
            int n;
            try {
                n = awaitData(in, deadline);
            } finally {
                in.flip();
            }
            if (n == 0) {
                return false;
            }
            if (n < 0) {
                eof = true;
                if (in.hasRemaining()) {
                    throw new CorruptFrameException("the peer closed in the middle of a frame header ("
                            + in.remaining() + " of 8 bytes)");
                }
                throw endOfStream(when);
            }
        }
        return true;
    }

    private static ConnectionClosedException endOfStream(String when) {
        return new ConnectionClosedException("the peer closed the connection " + when + " (EOF)");
    }

    /**
     * True when a {@link #read()} would not wait for the first byte: buffered data, end-of-stream,
     * or bytes the socket has ready now. Never spins or blocks (for readiness checks over many
     * channels).
     */
    public boolean readyNow() {
        synchronized (readLock) {
            if (in.hasRemaining() || eof || blocking) {
                return true;
            }
            try {
                in.compact();
                int n;
                try {
                    n = channel.read(in);
                } finally {
                    in.flip();
                }
                if (n < 0) {
                    eof = true;
                }
                return n != 0;
            } catch (IOException e) {
                throw failure("poll", e);
            }
        }
    }

    /** Reads into {@code target}: bytes read, -1 at end of stream, 0 when the deadline passed. */
    private int awaitData(ByteBuffer target, long deadline) throws IOException {
        int n = channel.read(target);
        if (n != 0 || blocking) {
            return n;
        }
        // never spin past the caller's deadline: poll(0) must return at once
        long now = System.nanoTime();
        long spinEnd = deadline != Long.MAX_VALUE && deadline - now < spinNanos ? deadline : now + spinNanos;
        while (System.nanoTime() - spinEnd < 0) {
            // yield, not a pure spin: when the cores are busy, a pure spin holds the core the peer
            // needs to answer (measured on 2 loaded vCPUs: 200 us per round trip spinning, 15 us
            // yielding); on an idle machine yield returns at once and the spin works as intended
            Thread.yield();
            n = channel.read(target);
            if (n != 0) {
                return n;
            }
        }
        Selector selector = readSelector();
        while (true) {
            long millis = 0;
            if (deadline != Long.MAX_VALUE) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return 0;
                }
                millis = Math.max(1, (remaining + 999_999) / 1_000_000);
            }
            selector.select(millis);
            selector.selectedKeys().clear();
            n = channel.read(target);
            if (n != 0) {
                return n;
            }
            checkInterrupt();
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) > 0 || blocking) {
                continue;
            }
            Selector selector = writeSelector();
            selector.select(100);
            selector.selectedKeys().clear();
            checkInterrupt();
        }
    }

    private static void checkInterrupt() {
        if (Thread.currentThread().isInterrupted()) {
            throw new ConnectionException("interrupted while waiting on the connection",
                    new InterruptedException());
        }
    }

    private Selector readSelector() throws IOException {
        if (readSelector == null) {
            readSelector = Selector.open();
            channel.register(readSelector, SelectionKey.OP_READ);
        }
        return readSelector;
    }

    private Selector writeSelector() throws IOException {
        if (writeSelector == null) {
            writeSelector = Selector.open();
            channel.register(writeSelector, SelectionKey.OP_WRITE);
        }
        return writeSelector;
    }

    private ConnectionException failure(String action, IOException e) {
        if (e instanceof ClosedChannelException) {
            return new ConnectionClosedException("cannot " + action + ": the connection is closed");
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Broken pipe") || message.contains("Connection reset")) {
            return new ConnectionClosedException("cannot " + action + ": the peer closed the connection (" + message + ")");
        }
        return new ConnectionException("cannot " + action + ": " + e, e);
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the channel, after writing what a streaming sender buffered (up to 10 s). */
    @Override
    public void close() {
        WriteBehind combining = writeBehind;
        if (combining != null) {
            combining.close(CLOSE_DRAIN_NANOS);
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort; the fd is released either way
        }
        closeSelector(readSelector);
        closeSelector(writeSelector);
    }

    private static void closeSelector(Selector selector) {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to recover
            }
        }
    }
}
