package dev.multiproc.connection;

import dev.multiproc.internal.transport.PipeEnd;

/**
 * A pair of connected {@link Connection} ends: Python's {@code multiprocessing.Pipe()}.
 * {@link #left()} and {@link #right()} are Python's {@code conn1} and {@code conn2}; in a one-way
 * pipe ({@code open(false)}) the left end only receives and the right end only sends.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open(false);                  // r, w = Pipe(duplex=False)
 * Connection r = pipe.left(), w = pipe.right();
 * ChildProcess p = new ChildProcess((Connection out) -> { out.send(42); out.close(); }, w);
 * p.start();
 * w.close();                                     // the child holds the sending end now
 * System.out.println(r.recv());                  // 42
 * p.join();
 * r.close();
 * }</pre>
 *
 * <h2>How an end reaches another process</h2>
 * A JVM cannot hand a file descriptor to a child, so an end travels as a name: the pipe's random
 * id and a rendezvous path in the process tree's private runtime directory ({@code p-<id>}). The
 * two ends become a real Unix-domain socket connection when they are first needed:
 * <ul>
 *   <li>Both ends used in the process that opened the pipe, neither sent away: they are connected
 *       to each other directly on first use.</li>
 *   <li>When an end is sent away (serialized: a {@code ChildProcess} argument, or an object sent on
 *       another connection), the end left behind starts listening on the rendezvous path at once,
 *       and a background thread accepts and authenticates the peer. The receiving process connects
 *       as soon as it deserializes the end. So a child can send its result and exit while its
 *       parent is still in {@code join()}, as with a Python pipe.</li>
 *   <li>Whichever end comes first listens, the other connects ("connect or listen"); both run the
 *       HMAC handshake with the process tree's authkey before any message is read. Once connected
 *       the socket file is deleted.</li>
 *   <li>An end that closes (or whose process exits, or is killed) before its peer arrives leaves a
 *       dead socket file; the peer's connection is refused, it deletes the file and reads
 *       end-of-file ({@link ConnectionClosedException}).</li>
 * </ul>
 * Why not a relay through the parent, or a broker: every message would cross two sockets and a
 * thread hand-off; with a direct socket a round trip costs what a Unix socket costs.
 *
 * <h2>Difference from Python: an end belongs to the first process that uses it</h2>
 * In Python both processes hold a copy of the same descriptor and may even share it. Here an end
 * is connected in exactly one process: the one that first uses it (or that received it). So:
 * <ul>
 *   <li>Using one end binds only that end. The other, unused, can still be sent away: messages
 *       already sent to it wait, and from then on a thread of this process relays between the two
 *       (each message crosses two sockets; send the end before using its peer to avoid that).</li>
 *   <li>Sending an end that was itself used in this process throws {@link IllegalStateException}
 *       (wrapped in a {@code SerializationException}).</li>
 *   <li>Closing the copy left behind after sending an end (Python's usual {@code child_conn.close()}
 *       after {@code start()}) only releases the local object.</li>
 *   <li>Sending one end to two processes: the first to deserialize it owns it; the second cannot
 *       reach the peer.</li>
 *   <li>An end left behind waits for its peer; if the receiving process never deserializes the end
 *       (it failed to start), the end waits until closed.</li>
 * </ul>
 *
 * <p>{@link #close()} closes both ends (for try-with-resources); each end can also be closed alone.
 */
public final class Pipe implements AutoCloseable {
    private final Connection left;
    private final Connection right;

    private Pipe(Connection left, Connection right) {
        this.left = left;
        this.right = right;
    }

    /**
     * A duplex pipe: both ends send and receive.
     *
     * @return the new pipe; closing it closes both ends
     */
    public static Pipe open() {
        return open(true);
    }

    /**
     * A new pipe; when {@code duplex} is false, {@link #left()} only receives and {@link #right()}
     * only sends.
     *
     * @param duplex true for ends that both send and receive, false for a one-way pipe
     * @return the new pipe; closing it closes both ends
     */
    public static Pipe open(boolean duplex) {
        PipeEnd[] ends = PipeEnd.pair();
        return new Pipe(new Connection(ends[0], true, duplex), new Connection(ends[1], duplex, true));
    }

    /**
     * Python's {@code conn1}.
     *
     * @return the first end, the receiving end of a one-way pipe
     */
    public Connection left() {
        return left;
    }

    /**
     * Python's {@code conn2}.
     *
     * @return the second end, the sending end of a one-way pipe
     */
    public Connection right() {
        return right;
    }

    /**
     * {@link #left()}, so that Kotlin can write {@code val (a, b) = Pipe.open()}.
     *
     * @return the same end as {@link #left()}
     */
    public Connection component1() {
        return left;
    }

    /**
     * {@link #right()}, for Kotlin destructuring.
     *
     * @return the same end as {@link #right()}
     */
    public Connection component2() {
        return right;
    }

    /** Closes both ends. */
    @Override
    public void close() {
        left.close();
        right.close();
    }

    @Override
    public String toString() {
        return "Pipe[" + left + ", " + right + "]";
    }
}
