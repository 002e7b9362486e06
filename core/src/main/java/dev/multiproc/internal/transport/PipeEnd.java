package dev.multiproc.internal.transport;

import dev.multiproc.connection.ConnectionClosedException;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.runtime.JvmProcess;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * One end of a pipe and how it finds the other: the state machine behind a pipe
 * {@code Connection} (see {@code dev.multiproc.connection.Pipe} for the user's view).
 *
 * <pre>
 *   UNBOUND --first use--&gt; CONNECTED | LISTENING | PEER_GONE
 *   LISTENING --peer connected and authenticated--&gt; CONNECTED
 *   any --close()--&gt; CLOSED
 * </pre>
 *
 * <ul>
 *   <li>Both ends still in the creating process, neither sent away: the first use connects them
 *       to each other on the spot ({@link #connectLocally}); no handshake, the socket file lives a
 *       few microseconds. If the other end was closed unused, this end reads end-of-file.</li>
 *   <li>An end is sent to another process ({@link #export}): the end left behind starts listening
 *       on the pipe's rendezvous path at once, in the background, so the receiver can connect and
 *       send before this process ever touches its end (a child may send its result and exit while
 *       the parent joins it).</li>
 *   <li>An end arrives in a process ({@link #imported}): it connects or listens at once
 *       ({@link Rendezvous}), so that its process owns it and the peer reads end-of-file when that
 *       process exits, even by SIGKILL.</li>
 * </ul>
 * All the state of the two ends of one pipe in one process is guarded by one lock, the shared
 * {@link Pair}.
 */
public final class PipeEnd {
    private static final SecureRandom RANDOM = new SecureRandom();

    enum State { UNBOUND, LISTENING, CONNECTED, PEER_GONE, CLOSED }

    /** What the two ends of a pipe share in one process; the lock of both. */
    private static final class Pair {
        final String id;
        final Path path;
        final PipeEnd[] ends = new PipeEnd[2];
        /** Waiting for the receiver of an end sent away after its peer was used here; see {@link PipeRelay}. */
        Acceptor relay;

        Pair(String id, Path path) {
            this.id = id;
            this.path = path;
        }
    }

    private final Pair pair;
    private final int side;
    private State state = State.UNBOUND;
    private FramedChannel channel;
    private Acceptor acceptor;
    private String goneReason;
    private RuntimeException bindFailure;
    private boolean exported;
    /**
     * This unused end's half of the local socket pair made when the other end was used first: it
     * becomes this end's channel on first use here, or is relayed to the process it is sent to.
     */
    private FramedChannel reserved;

    private PipeEnd(Pair pair, int side) {
        this.pair = pair;
        this.side = side;
    }

    /** Two fresh ends of a new pipe, in this process. */
    public static PipeEnd[] pair() {
        String id = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        Pair pair = new Pair(id, JvmProcess.current().runtimeDir().resolve("p-" + id));
        pair.ends[0] = new PipeEnd(pair, 0);
        pair.ends[1] = new PipeEnd(pair, 1);
        return pair.ends.clone();
    }

    /**
     * An end received from another process; it connects to its peer or starts listening for it
     * at once. A failure to do so is kept and thrown at first use, not from deserialization.
     */
    public static PipeEnd imported(String id, int side, Path path) {
        PipeEnd end = new PipeEnd(new Pair(id, path), side);
        synchronized (end.pair) {
            try {
                end.rendezvous();
            } catch (RuntimeException e) {
                end.bindFailure = e;
            }
        }
        return end;
    }

    public String pipeId() {
        return pair.id;
    }

    public int side() {
        return side;
    }

    public Path path() {
        return pair.path;
    }

    private PipeEnd sibling() {
        return pair.ends[1 - side];
    }

    /**
     * The connected channel, binding the end on first use; waits up to {@code timeoutNanos}
     * (negative: forever) for a listening end's peer.
     *
     * @return the channel, or null when the time ran out first
     * @throws ConnectionClosedException when the peer is gone for good
     * @throws IllegalStateException     when this end cannot be used in this process
     */
    public FramedChannel connect(long timeoutNanos) {
        Acceptor waitingOn;
        synchronized (pair) {
            waitingOn = bindForUse();
            if (waitingOn == null) {
                return channel;
            }
        }
        FramedChannel accepted = waitingOn.peek(timeoutNanos);
        if (accepted == null) {
            return null;
        }
        synchronized (pair) {
            adopt(waitingOn, accepted);
            return channel;
        }
    }

    /**
     * Moves the end out of UNBOUND if need be. Returns the acceptor to wait on while LISTENING,
     * null when the end is CONNECTED; throws when it is gone, closed or unusable here.
     */
    private Acceptor bindForUse() {
        if (state == State.UNBOUND) {
            if (bindFailure != null) {
                throw bindFailure;
            }
            PipeEnd sibling = sibling();
            if (reserved != null) {
                channel = reserved;
                reserved = null;
                state = State.CONNECTED;
            } else if (sibling != null && !exported && !sibling.exported) {
                if (sibling.state == State.CLOSED) {
                    peerGone("the other end was closed before either end was used");
                } else {
                    connectLocally(sibling);
                }
            } else if (sibling != null && sibling.state == State.CONNECTED) {
                throw new IllegalStateException(describe() + " was sent to another process, which connected to the"
                        + " other end held here: a pipe end belongs to the first process that uses it");
            } else {
                rendezvous();
            }
        }
        switch (state) {
            case CONNECTED:
                return null;
            case LISTENING:
                if (acceptor.hasReady()) {
                    adopt(acceptor, acceptor.peek(0));
                    return null;
                }
                return acceptor;
            case PEER_GONE:
                throw new ConnectionClosedException("the other end of " + describe() + " is gone (EOF): " + goneReason);
            case CLOSED:
                throw new IllegalStateException(describe() + " is closed");
            default:
                throw new IllegalStateException(describe() + " is in state " + state);
        }
    }

    private void adopt(Acceptor from, FramedChannel accepted) {
        if (state == State.LISTENING && acceptor == from) {
            channel = accepted;
            acceptor = null;
            state = State.CONNECTED;
        } else if (state == State.CLOSED) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    private void rendezvous() {
        Rendezvous.Outcome outcome = Rendezvous.connectOrListen(pair.path, JvmProcess.current().authkey(), describe());
        if (outcome.channel != null) {
            channel = outcome.channel;
            state = State.CONNECTED;
        } else if (outcome.acceptor != null) {
            acceptor = outcome.acceptor;
            state = State.LISTENING;
        } else {
            peerGone(outcome.gone);
        }
    }

    private void peerGone(String reason) {
        goneReason = reason;
        state = State.PEER_GONE;
    }

    /**
     * Both ends are here and unused: connect them directly, no rendezvous, no handshake needed.
     * Only this end is bound; the other keeps its half in reserve, so it can still be sent away.
     */
    private void connectLocally(PipeEnd sibling) {
        try {
            SocketChannel[] sockets = LocalSockets.pair(pair.path);
            channel = new FramedChannel(sockets[0]);
            sibling.reserved = new FramedChannel(sockets[1]);
            state = State.CONNECTED;
        } catch (IOException e) {
            throw new ConnectionException("cannot connect the two ends of " + describe() + " at " + pair.path + ": " + e, e);
        }
    }

    /** True when a receive would not wait: data or end-of-file ready, or the peer gone. Binds if unbound. */
    public boolean readyNow() {
        Acceptor waitingOn;
        synchronized (pair) {
            if (state == State.PEER_GONE) {
                return true;
            }
            waitingOn = bindForUse();
            if (waitingOn != null) {
                return false;
            }
        }
        return channel.readyNow();
    }

    /** While LISTENING, the acceptor to wake a waiter on; null otherwise. */
    public Acceptor pendingAcceptor() {
        synchronized (pair) {
            return state == State.LISTENING ? acceptor : null;
        }
    }

    /**
     * Prepares this end to be sent to another process (called while serializing it). The end left
     * here, if unused, starts listening for the receiver.
     *
     * @throws IllegalStateException when this end is closed, gone, or already connected here
     */
    public void export() {
        synchronized (pair) {
            switch (state) {
                case CLOSED:
                    throw new IllegalStateException("cannot send " + describe() + " to another process: it is closed");
                case PEER_GONE:
                    throw new IllegalStateException("cannot send " + describe() + " to another process: its other end is gone ("
                            + goneReason + ")");
                case CONNECTED:
                    throw new IllegalStateException("cannot send " + describe() + " to another process: it is already connected"
                            + " in this process (pid " + ProcessHandle.current().pid() + "); a pipe end belongs to the first"
                            + " process that uses it, so send it before using it here");
                case LISTENING:
                    if (!acceptor.cancelIfIdle()) {
                        throw new IllegalStateException("cannot send " + describe() + " to another process: its peer has"
                                + " already connected to it in this process (pid " + ProcessHandle.current().pid() + ")");
                    }
                    acceptor = null;
                    state = State.UNBOUND;
                    break;
                default:
                    break;
            }
            exported = true;
            if (reserved != null) {
                // the other end is already connected to our reserved half: relay it to the receiver
                relayReserved();
                return;
            }
            PipeEnd sibling = sibling();
            if (sibling != null && sibling.state == State.UNBOUND && !sibling.exported) {
                try {
                    sibling.rendezvous();
                } catch (RuntimeException e) {
                    sibling.bindFailure = e;
                }
            } else if (sibling != null && sibling.state == State.CLOSED && !sibling.exported) {
                // the other end was closed before it ever left: the receiver must read EOF
                leaveTombstone();
            }
        }
    }

    private void relayReserved() {
        Rendezvous.Outcome outcome = Rendezvous.connectOrListen(pair.path, JvmProcess.current().authkey(), describe());
        FramedChannel half = reserved;
        reserved = null;
        if (outcome.acceptor == null) {
            if (outcome.channel != null) {
                outcome.channel.close();
            }
            half.close();
            throw new IllegalStateException("cannot send " + describe() + " to another process: another process"
                    + " already holds it");
        }
        pair.relay = outcome.acceptor;
        PipeRelay.start(half, outcome.acceptor, describe());
    }

    private void leaveTombstone() {
        try {
            if (!Files.exists(pair.path)) {
                Files.createFile(pair.path);
            }
        } catch (IOException e) {
            throw new ConnectionException("cannot mark the closed other end of " + describe() + " at " + pair.path + ": " + e, e);
        }
    }

    /** Closes this end; what it holds goes (a listening end leaves a tombstone: its peer reads EOF). */
    public void close() {
        FramedChannel toClose;
        Acceptor toStop;
        synchronized (pair) {
            if (state == State.CLOSED) {
                return;
            }
            toClose = channel != null ? channel : reserved;
            // the relayed peer of this end has not been received: it reads end-of-file, as a listening end's would
            toStop = acceptor != null ? acceptor : exported ? null : pair.relay;
            channel = null;
            reserved = null;
            acceptor = null;
            state = State.CLOSED;
        }
        if (toStop != null) {
            toStop.close(true);
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    public String describe() {
        return "end " + side + " of pipe " + pair.id;
    }

    @Override
    public String toString() {
        synchronized (pair) {
            return describe() + " (" + state + (exported ? ", sent away" : "") + ")";
        }
    }
}
