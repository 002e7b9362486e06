package dev.multiproc.internal.transport;

import dev.multiproc.connection.ConnectionException;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections on a listening socket in a background thread and runs the server side of
 * the {@link Handshake} on each, so that a peer can connect, authenticate and start sending while
 * the owner of the socket is busy elsewhere (a child can send its result and exit while its parent
 * is still joining it, as with a Python pipe).
 *
 * <p>The owner takes authenticated connections (or the authentication failures, which belong to
 * the owner as Python's {@code Listener.accept()} raises them) with {@link #take}. A one-shot
 * acceptor (a pipe end's rendezvous) stops after its first connection and deletes its socket file
 * at that moment, so that no third party can reach it.
 *
 * <p>Why a selector rather than a blocking {@code accept()}: {@link #cancelIfIdle()} must tell,
 * atomically, whether a peer is already queued on the socket before giving the address up.
 *
 * <p>A listener that stays open authenticates each peer on a thread of a shared pool, never on the
 * accept thread, so a peer that connects and then sends nothing (or part of a frame) holds up no
 * one else; the handshake's own deadline ends it. At most {@link #MAX_UNAUTHENTICATED} peers per
 * acceptor may be in their handshake at once: a newcomer beyond that closes the oldest of them, so a
 * flood of silent connections costs a good peer at most a retry, never the listener.
 */
public final class Acceptor implements Closeable {
    /** Peers per acceptor that may be authenticating at the same time. */
    static final int MAX_UNAUTHENTICATED = Integer.getInteger("multiproc.maxUnauthenticated", 16);
    private static final ExecutorService HANDSHAKES = handshakePool();

    private final ServerSocketChannel server;
    private final Path socketFile;
    private final byte[] authkey;
    private final boolean oneShot;
    private final String description;
    private final Selector selector;
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    /** A connection found by {@link #cancelIfIdle()} that the acceptor thread must still handle. */
    private SocketChannel handedOver;
    /** Peers in their handshake, oldest first. */
    private final Set<SocketChannel> authenticating = new LinkedHashSet<>();
    private int accepted;
    private boolean stopped;
    private boolean closed;

    /**
     * Starts accepting on {@code server} (already bound).
     *
     * @param socketFile the Unix socket's file, deleted when the acceptor is done with it; null for TCP
     * @param oneShot    stop after the first connection (pipe ends)
     */
    public Acceptor(ServerSocketChannel server, Path socketFile, byte[] authkey, boolean oneShot, String description)
            throws IOException {
        this.server = server;
        this.socketFile = socketFile;
        this.authkey = authkey.clone();
        this.oneShot = oneShot;
        this.description = description;
        server.configureBlocking(false);
        this.selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::acceptLoop, "multiproc-accept " + description);
        thread.setDaemon(true);
        thread.start();
        AcceptorRegistry.add(this);
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel socket;
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    socket = handedOver != null ? handedOver : server.accept();
                    handedOver = null;
                    if (socket != null) {
                        accepted++;
                        if (oneShot) {
                            // nothing else may come in: the file goes, and the descriptor with it
                            deleteSocketFile();
                            closeQuietly(server);
                        }
                    }
                }
                if (socket != null) {
                    if (oneShot) {
                        offer(authenticate(socket));
                        return;
                    }
                    authenticateInBackground(socket);
                    continue;
                }
                selector.select();
                selector.selectedKeys().clear();
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // closed by the owner
        } catch (IOException e) {
            offer(new ConnectionException("cannot accept on " + description + ": " + e, e));
        } finally {
            closeSelector();
            if (oneShot) {
                // done: the peer is in (or the acceptor was closed); nothing left to close at exit
                AcceptorRegistry.remove(this);
            }
        }
    }

    private void authenticateInBackground(SocketChannel socket) {
        SocketChannel evicted = null;
        synchronized (this) {
            if (authenticating.size() >= MAX_UNAUTHENTICATED) {
                Iterator<SocketChannel> oldest = authenticating.iterator();
                evicted = oldest.next();
                oldest.remove();
            }
            authenticating.add(socket);
        }
        if (evicted != null) {
            closeQuietly(evicted); // its handshake fails at once and frees its thread
        }
        HANDSHAKES.execute(() -> {
            Object outcome = authenticate(socket);
            boolean wasEvicted;
            synchronized (this) {
                wasEvicted = !authenticating.remove(socket);
            }
            if (wasEvicted && !(outcome instanceof FramedChannel)) {
                return; // closed here to make room: not a peer's failure the owner needs to see
            }
            offer(outcome);
        });
    }

    private static ExecutorService handshakePool() {
        // threads come and go with demand; how many run at once is bounded per acceptor by the
        // eviction above, not by a queue that would make good peers wait behind silent ones
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "multiproc-handshake");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The authenticated channel, or the failure (the socket then closed). */
    private Object authenticate(SocketChannel socket) {
        FramedChannel channel = null;
        try {
            if (socket.getLocalAddress() instanceof InetSocketAddress) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel = new FramedChannel(socket);
            Handshake.asServer(channel, authkey);
            return channel;
        } catch (IOException e) {
            closeQuietly(socket);
            return new ConnectionException("cannot set up a connection accepted on " + description + ": " + e, e);
        } catch (RuntimeException e) {
            if (channel != null) {
                channel.close();
            } else {
                closeQuietly(socket);
            }
            return e;
        }
    }

    private void offer(Object connectionOrFailure) {
        synchronized (this) {
            if (closed) {
                if (connectionOrFailure instanceof FramedChannel) {
                    ((FramedChannel) connectionOrFailure).close();
                }
                return;
            }
            ready.add(connectionOrFailure);
            notifyAll();
        }
        wakers.forEach(Runnable::run);
    }

    /**
     * Takes the next authenticated connection, waiting up to {@code timeoutNanos} (negative:
     * forever).
     *
     * @return the connection, or null when the time ran out
     * @throws RuntimeException the authentication failure of the next peer, if that came first
     */
    public FramedChannel take(long timeoutNanos) {
        Object next = await(timeoutNanos, true);
        return next == null ? null : unwrap(next);
    }

    /** As {@link #take}, but leaves the connection in place: the one connection of a one-shot acceptor. */
    public FramedChannel peek(long timeoutNanos) {
        Object next = await(timeoutNanos, false);
        return next == null ? null : unwrap(next);
    }

    private static FramedChannel unwrap(Object next) {
        if (next instanceof RuntimeException) {
            throw (RuntimeException) next;
        }
        return (FramedChannel) next;
    }

    private synchronized Object await(long timeoutNanos, boolean remove) {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (ready.isEmpty()) {
            if (closed) {
                throw new IllegalStateException(description + " is closed");
            }
            long remaining = timeoutNanos < 0 ? 0 : deadline - System.nanoTime();
            if (timeoutNanos >= 0 && remaining <= 0) {
                return null;
            }
            try {
                if (timeoutNanos < 0) {
                    wait();
                } else {
                    wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException("interrupted while waiting for a connection on " + description, e);
            }
        }
        return remove ? ready.poll() : ready.peek();
    }

    /** True when {@link #take} would not wait. */
    public synchronized boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Runs {@code waker} (on the acceptor thread) whenever a connection or failure becomes ready. */
    public void addWaker(Runnable waker) {
        wakers.add(waker);
    }

    public void removeWaker(Runnable waker) {
        wakers.remove(waker);
    }

    /**
     * Gives the address up if no peer has connected yet (not even one still queued on the socket),
     * deleting the socket file so a later peer can claim the address itself.
     *
     * @return false when a peer already connected; the acceptor then carries on as before
     */
    public boolean cancelIfIdle() {
        synchronized (this) {
            if (accepted > 0 || handedOver != null) {
                return false;
            }
            // delete first: from now on no new peer can find us, then look for one already queued
            deleteSocketFile();
            try {
                SocketChannel queued = server.accept();
                if (queued != null) {
                    handedOver = queued;
                    selector.wakeup();
                    return false;
                }
            } catch (IOException e) {
                // a broken socket holds no peer
            }
            stopped = true;
            closed = true;
            notifyAll();
        }
        shutdown(false);
        return true;
    }

    /**
     * Stops accepting and closes connections nobody took. The socket file is deleted, except
     * when {@code leaveTombstone}: a pipe end that goes away before its peer came leaves the dead
     * file in place, so the peer's connect is refused and it reads end-of-file rather than waiting.
     */
    public void close(boolean leaveTombstone) {
        List<Object> unclaimed;
        synchronized (this) {
            if (closed && stopped) {
                return;
            }
            closed = true;
            stopped = true;
            unclaimed = List.copyOf(ready);
            ready.clear();
            authenticating.forEach(Acceptor::closeQuietly);
            authenticating.clear();
            notifyAll();
        }
        for (Object item : unclaimed) {
            if (item instanceof FramedChannel) {
                ((FramedChannel) item).close();
            }
        }
        shutdown(leaveTombstone);
        wakers.forEach(Runnable::run);
    }

    @Override
    public void close() {
        close(false);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void shutdown(boolean leaveTombstone) {
        closeQuietly(server);
        if (!leaveTombstone) {
            deleteSocketFile();
        }
        selector.wakeup();
        AcceptorRegistry.remove(this);
    }

    private void deleteSocketFile() {
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException ignored) {
                // the runtime directory is removed at exit anyway
            }
        }
    }

    /** Closes at JVM exit: a pipe end leaves a tombstone so its peer reads end-of-file. */
    void closeAtExit() {
        close(oneShot);
    }

    private void closeSelector() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to recover
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "Acceptor[" + description + "]";
    }
}
