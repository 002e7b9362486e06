package dev.multiproc.internal.queue;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.queue.QueueClosedException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A queue handle in a process that does not own the queue: one connection to the owner, opened on
 * first use.
 *
 * <p>Puts of an unbounded queue are streamed ({@link Sender}); a bounded queue's puts wait for the
 * owner's answer, which is its flow control. A get asks the owner for up to {@link #PREFETCH}
 * items (fewer when other consumers are active) and keeps the rest for the next gets: one round
 * trip per batch instead of per item. Prefetched items are never lost nor delivered twice: the
 * owner keeps them on the connection's lease book until the {@link ConsumedCounter} says a caller
 * got them, takes back what a dead or closed connection held, and recalls them when another
 * consumer is left waiting.
 *
 * <p>This class is the handle's operations; the parts with a job of their own are beside it:
 * {@link OwnerConnection} opens the connection and words its loss, {@link OwnerReader} reads what
 * the owner sends, {@link PendingReplies} matches answers to requests, {@link Prefetch} keeps the
 * items fetched ahead, and {@link RemoteQueues} flushes the connections at exit.
 */
public final class RemoteQueue implements QueueEngine {
    /** As many as the owner sends at most ({@link Batches#MAX_ITEMS}, where the reason is). */
    static final int PREFETCH = 4096;

    private final QueueAddress address;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when items or answers arrive, and when the connection ends or the handle closes. */
    private final Condition changed = lock.newCondition();
    private final OwnerLink link = new OwnerLink() {
        @Override
        public void checkAlive(String operation) {
            RemoteQueue.this.checkAlive(operation);
        }

        @Override
        public void send(byte[] frame) {
            lock.unlock();
            try {
                RemoteQueue.this.send(frame, List.of());
            } finally {
                lock.lock();
            }
        }

        @Override
        public void awaitChange(long nanos, String operation) {
            RemoteQueue.this.awaitChange(nanos, operation);
        }
    };
    private final PendingReplies pending = new PendingReplies(lock, changed, link);
    private final Object connectLock = new Object();
    private int getWaiters;
    /** Written before {@link #channel}, so a thread that sees the channel sees these. */
    private Prefetch prefetch;
    private Sender sender;
    private volatile FramedChannel channel;
    private volatile String failure;
    private volatile boolean closed;
    private volatile boolean cancelJoin;
    /** Whether this connection has asked its owner for a slab (see {@link #askForSlab}). */
    private volatile boolean slabAsked;

    public RemoteQueue(QueueAddress address) {
        this.address = address;
    }

    @Override
    public int maxsize() {
        return Math.max(0, address.maxsize());
    }

    @Override
    public String describe() {
        return address.describe();
    }

    @Override
    public QueueAddress address() {
        return address;
    }

    @Override
    public boolean put(Object value, long timeoutNanos) {
        checkOpen("put");
        boolean unbounded = address.maxsize() <= 0;
        boolean bytes = value instanceof byte[];
        // a byte[] goes into the slab straight from the caller's array, once the connection is open
        boolean slabTried = false;
        if (unbounded && channel != null) {
            if (bytes && !slabAsked && Slab.fits(((byte[]) value).length, Integer.MAX_VALUE)) {
                askForSlab(((byte[]) value).length);
            }
            slabTried = bytes;
            if ((bytes && sender.streamSlab((byte[]) value, true)) || sender.streamInPlace(value)) {
                return true;
            }
        }
        Item item = Item.encode(value, true);
        connect(item.length());
        if (unbounded && !slabAsked && Slab.fits(item.length(), Integer.MAX_VALUE)) {
            askForSlab(item.length());
        }
        if (unbounded) {
            boolean viaSlab = bytes ? !slabTried && sender.streamSlab((byte[]) value, true)
                    : sender.streamSlab(item.bytes(), item.raw());
            if (viaSlab) {
                return true;
            }
            sender.stream(item);
            return true;
        }
        FrameBuilder header = new FrameBuilder(9 + Wire.recordSize(item));
        long reqId = pending.register();
        header.putByte(Wire.PUT).putLong(reqId);
        Wire.putRecord(header, item);
        send(header.toByteArray(), List.of(item));
        return !pending.await(reqId, timeoutNanos, "put").cancelled;
    }

    @Override
    public Object get(long timeoutNanos, BooleanSupplier claim) {
        checkOpen("get");
        connect();
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        Item item = null;
        lock.lock();
        try {
            getWaiters++;
            while (item == null) {
                if (prefetch.hasItems()) {
                    if (!claim.getAsBoolean()) {
                        break;
                    }
                    item = prefetch.take();
                    if (prefetch.wantsNextEarly()) {
                        prefetch.requestBatch(); // the next batch travels while this one is consumed
                    }
                    break;
                }
                checkAlive("get");
                if (prefetch.inFlight() == 0) {
                    prefetch.requestBatch();
                    continue;
                }
                long left = timeoutNanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    if (getWaiters == 1) {
                        prefetch.cancelInFlight("get");
                        if (prefetch.hasItems() && claim.getAsBoolean()) {
                            item = prefetch.take();
                        }
                    }
                    break;
                }
                awaitChange(timeoutNanos < 0 ? -1 : left, "get");
            }
        } finally {
            getWaiters--;
            lock.unlock();
        }
        return item == null ? null : item.decode();
    }

    /**
     * The first large put on a connection opened in the background (without the size of a first
     * put, which gets a slab with the connection): waits one round trip for the owner to grant a
     * slab, so that a burst of large items does not all go inline before a grant arrives. The
     * grant is read before the answer, so the slab is in use when this returns.
     */
    private void askForSlab(int length) {
        slabAsked = true;
        if (sender.hasSlab()) {
            return;
        }
        long reqId = pending.register();
        send(Wire.request(Wire.SLAB_WANT, reqId, length), List.of());
        pending.await(reqId, -1, "put");
    }

    @Override
    public int qsize() {
        checkOpen("qsize");
        return (int) call(Wire.QSIZE, "qsize");
    }

    @Override
    public void taskDone() {
        checkOpen("taskDone");
        call(Wire.TASK_DONE, "taskDone");
    }

    @Override
    public void join() {
        checkOpen("join");
        call(Wire.JOIN, "join");
    }

    @Override
    public void joinThread() {
        if (channel != null && failure == null) {
            call(Wire.FLUSH, "joinThread");
        }
    }

    @Override
    public void cancelJoinThread() {
        cancelJoin = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Sends what is pending and closes the connection; the owner takes back any prefetched items. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RemoteQueues.forget(this);
        FramedChannel c;
        synchronized (connectLock) { // a connection being opened in the background is finished first
            c = channel;
        }
        if (c != null) {
            try {
                sender.flush();
            } catch (RuntimeException ownerGone) {
                // nothing more can be delivered
            }
            sender.stop();
            c.close();
        }
        wakeWaiters();
    }

    /** Wakes every caller waiting on this handle, to see that it was closed or lost its owner. */
    private void wakeWaiters() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long call(byte op, String operation) {
        connect();
        long reqId = pending.register();
        send(Wire.request(op, reqId), List.of());
        PendingReplies.Reply r = pending.await(reqId, -1, operation);
        if (r.error != null) {
            throw new IllegalStateException(r.error);
        }
        return r.value;
    }

    private void awaitChange(long nanos, String operation) {
        try {
            if (nanos < 0) {
                changed.await();
            } else {
                changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted during " + operation + " on " + address.describe(), e);
        }
    }

    private void send(byte[] frame, List<Item> items) {
        try {
            sender.send(frame, items);
        } catch (RuntimeException e) {
            checkAlive("send");
            throw e;
        }
    }

    private void checkOpen(String operation) {
        if (closed) {
            throw new QueueClosedException(address.describe() + " is closed (" + operation + " after close())");
        }
        checkAlive(operation);
    }

    private void checkAlive(String operation) {
        String f = failure;
        if (f != null) {
            throw new QueueClosedException(f);
        }
        if (closed) {
            throw new QueueClosedException(address.describe() + " was closed during " + operation);
        }
        RuntimeException sendFailure = sender == null ? null : sender.failure();
        if (sendFailure != null) {
            fail(sendFailure);
            throw new QueueClosedException(failure);
        }
    }

    // ---- connection ----

    private void connect() {
        connect(0);
    }

    /**
     * Opens the connection in the background, as soon as this handle exists: a queue handed to a
     * child is about to be used, and opening it (socket, handshake, counter file, the owner's
     * session) took 10-25 ms of the first put or get in a fresh child. Python's queue arrives in a
     * child already open (an inherited pipe). A failure is recorded for the first operation to
     * report, as when it happens there.
     */
    public void connectSoon() {
        Thread opener = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    connect();
                } catch (RuntimeException reportedByTheFirstOperation) {
                    // recorded in failure, or the handle was closed meanwhile
                }
            }
        }, "multiproc-queue-connect " + address.describe());
        opener.setDaemon(true);
        opener.start();
    }

    /**
     * Opens the connection; {@code firstPut} is the size of the item about to be put (0 for other
     * operations), so that the owner can hand a producer of large items its slab at once.
     */
    private void connect(int firstPut) {
        if (channel == null) {
            open(firstPut);
        }
    }

    /**
     * The body of {@link #connect(int)}, out of line. Why: every put and get calls connect, so
     * the JIT compiles it hot; with this body inline, C2 compiled the socket, handshake and slab
     * code along with the check, and a trained consumer's first connect (a branch its training had
     * not taken often) set off that compile in the middle of its first gets: 120-250 ms of a
     * compiler thread, logged with LogCompilation, on a machine with two cores.
     */
    private void open(int firstPut) {
        synchronized (connectLock) {
            if (channel != null || failure != null) {
                checkAlive("connect");
                return;
            }
            if (closed) {
                throw new QueueClosedException(address.describe() + " is closed");
            }
            OwnerConnection opened;
            try {
                opened = OwnerConnection.open(address, firstPut);
            } catch (QueueClosedException refused) {
                throw refused;
            } catch (IOException | RuntimeException e) {
                fail(e);
                throw new QueueClosedException(failure);
            }
            prefetch = new Prefetch(opened.counter, link, pending, address.maxsize() > 0 ? 1 : PREFETCH);
            sender = new Sender(opened.channel, address.describe());
            if (opened.granted != null) {
                sender.useSlab(opened.granted);
            }
            channel = opened.channel;
            RemoteQueues.remember(this);
            new OwnerReader(opened.channel, address.describe(), new FromOwner()).start();
        }
    }

    /** Records why the queue cannot be used any more, once: the first cause is the one reported. */
    private void fail(Exception cause) {
        if (failure == null) {
            failure = OwnerConnection.describeLoss(address, cause);
        }
    }

    /** What the owner sends, as the reader thread hands it over. */
    private final class FromOwner implements OwnerReader.Handler {
        @Override
        public void received(long reqId, List<Item> items, boolean lone) {
            lock.lock();
            try {
                prefetch.received(reqId, items, lone);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void answered(long reqId, boolean cancelled, long value, String error) {
            lock.lock();
            try {
                prefetch.answered(reqId);
                pending.answered(reqId, cancelled, value, error);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void slabGranted(SlabRing ring) {
            sender.useSlab(ring);
        }

        @Override
        public void recalled() {
            byte[] handBack;
            lock.lock();
            try {
                handBack = prefetch.handBack();
            } finally {
                lock.unlock();
            }
            sender.send(handBack);
        }

        @Override
        public void returnTaken(int count) {
            lock.lock();
            try {
                prefetch.returnTaken(count);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void ended(RuntimeException cause) {
            if (cause != null && !closed) {
                fail(cause);
            }
            wakeWaiters();
        }
    }

    // ---- exit (see RemoteQueues) ----

    /** Sends a FLUSH unless cancelled; returns its request id, or 0 when there is nothing to wait for. */
    long beginExitFlush() {
        if (cancelJoin || channel == null || failure != null || closed) {
            return 0;
        }
        long reqId = pending.register();
        try {
            sender.send(Wire.request(Wire.FLUSH, reqId));
            return reqId;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Waits until {@code deadline} for the FLUSH; returns null when confirmed, else why not. */
    String awaitExitFlush(long reqId, long deadline) {
        if (reqId <= 0) {
            return reqId == 0 ? null : failure;
        }
        try {
            if (!pending.awaitUntil(reqId, deadline, () -> failure != null)) {
                return "its owner, process " + address.ownerPid() + ", did not confirm them in time";
            }
        } catch (InterruptedException e) {
            return "interrupted";
        }
        return failure;
    }

    long streamed() {
        return sender == null ? 0 : sender.streamed();
    }

    /** At exit: stop the reader and feeder threads so that they do not hold up the JVM's exit. */
    void closeChannel() {
        FramedChannel c = channel;
        if (c != null) {
            sender.stop();
            c.close();
        }
    }
}
