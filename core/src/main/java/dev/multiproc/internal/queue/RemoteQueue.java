package dev.multiproc.internal.queue;

import dev.multiproc.MultiprocessingException;
import dev.multiproc.internal.events.Events;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.queue.QueueClosedException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class RemoteQueue implements QueueEngine {
    /** As many as the owner sends at most ({@code QueueCore.BATCH_ITEMS}, where the reason is). */
    static final int PREFETCH = 4096;

    private final QueueAddress address;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> buffer = new ArrayDeque<>();
    private final Map<Long, Reply> replies = new HashMap<>();
    private final Object connectLock = new Object();
    /** Names of the slabs the owner announced, by id; used by the reader thread only. */
    private final Map<Integer, String> slabNames = new HashMap<>();
    /** The slab of the latest slab record read; used by the reader thread only. */
    private Slab lastSlab;
    private long nextReqId;
    private long getInFlight;
    /** Items in the latest batch received. */
    private int lastBatch;
    /** Whether the owner saw this connection as the only consumer when it sent the latest batch. */
    private boolean loneConsumer;
    private int getWaiters;
    private long disposed;
    private volatile FramedChannel channel;
    private Sender sender;
    private ConsumedCounter counter;
    private volatile String failure;
    private volatile boolean closed;
    private volatile boolean cancelJoin;
    /** Whether this connection has asked its owner for a slab (see {@link #askForSlab}). */
    private volatile boolean slabAsked;

    /** The answer to one request. */
    private static final class Reply {
        boolean done;
        boolean cancelled;
        long value;
        String error;
    }

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
        ByteBuffer header = ByteBuffer.allocate(9 + Wire.recordSize(item));
        Reply reply;
        long reqId;
        lock.lock();
        try {
            reqId = ++nextReqId;
            reply = new Reply();
            replies.put(reqId, reply);
        } finally {
            lock.unlock();
        }
        header.put(Wire.PUT).putLong(reqId);
        Wire.putRecord(header, item);
        send(header.array(), List.of(item));
        return !awaitReply(reqId, reply, timeoutNanos, "put").cancelled;
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
                if (!buffer.isEmpty()) {
                    if (!claim.getAsBoolean()) {
                        break;
                    }
                    item = take();
                    if (getInFlight == 0 && loneConsumer && buffer.size() <= lastBatch / 2) {
                        requestBatch(); // the next batch travels while this one is consumed
                    }
                    break;
                }
                checkAlive("get");
                if (getInFlight == 0) {
                    requestBatch();
                    continue;
                }
                long left = timeoutNanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    if (getWaiters == 1) {
                        cancelGet();
                        if (!buffer.isEmpty() && claim.getAsBoolean()) {
                            item = take();
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
        Reply reply;
        long reqId;
        lock.lock();
        try {
            reqId = ++nextReqId;
            reply = new Reply();
            replies.put(reqId, reply);
        } finally {
            lock.unlock();
        }
        send(ByteBuffer.allocate(13).put(Wire.SLAB_WANT).putLong(reqId).putInt(length).array(), List.of());
        awaitReply(reqId, reply, -1, "put");
    }

    /**
     * Under the lock: asks the owner for the next batch. A lone consumer (the owner says so with
     * each batch) asks again once half of its batch is taken, or at once after taking the last
     * item of a one-item batch: a batch's round trip is three thread wake-ups (the owner's
     * session, this reader, the caller), which on a small VM cost more than taking the batch, so
     * the consumer waited on each one. A consumer that keeps up with its producer gets small
     * batches; it used to ask only when it had none, and then waited a round trip per item or
     * two (measured: 7-16 ms per 1,000 items while the producer put, 0.4-0.7 ms on a backlog).
     * Several consumers get one item at a time and ask only when they have none.
     */
    private void requestBatch() {
        long reqId = ++nextReqId;
        getInFlight = reqId;
        int max = address.maxsize() > 0 ? 1 : PREFETCH;
        lock.unlock();
        try {
            send(ByteBuffer.allocate(13).put(Wire.GET).putLong(reqId).putInt(max).array(), List.of());
        } finally {
            lock.lock();
        }
    }

    /** Under the lock: withdraws the GET in flight and waits for the owner's answer to it. */
    private void cancelGet() {
        long reqId = getInFlight;
        lock.unlock();
        try {
            send(Wire.request(Wire.CANCEL, reqId), List.of());
        } finally {
            lock.lock();
        }
        while (getInFlight == reqId) {
            checkAlive("get");
            awaitChange(-1, "get");
        }
    }

    private Item take() {
        Item item = buffer.poll();
        disposed++;
        counter.add(1);
        return item;
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
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long call(byte op, String operation) {
        connect();
        Reply reply;
        long reqId;
        lock.lock();
        try {
            reqId = ++nextReqId;
            reply = new Reply();
            replies.put(reqId, reply);
        } finally {
            lock.unlock();
        }
        send(Wire.request(op, reqId), List.of());
        Reply r = awaitReply(reqId, reply, -1, operation);
        if (r.error != null) {
            throw new IllegalStateException(r.error);
        }
        return r.value;
    }

    /** Waits for the answer to {@code reqId}; at the timeout withdraws the request and waits for that answer. */
    private Reply awaitReply(long reqId, Reply reply, long timeoutNanos, String operation) {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        boolean cancelling = false;
        lock.lock();
        try {
            while (!reply.done) {
                checkAlive(operation);
                long left = deadline - System.nanoTime();
                if (timeoutNanos >= 0 && left <= 0 && !cancelling) {
                    cancelling = true;
                    lock.unlock();
                    try {
                        send(Wire.request(Wire.CANCEL, reqId), List.of());
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                awaitChange(timeoutNanos < 0 || cancelling ? -1 : left, operation);
            }
            return reply;
        } finally {
            replies.remove(reqId);
            lock.unlock();
        }
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
            Path counterFile = null;
            FramedChannel c = null;
            SlabRing granted = null;
            try {
                SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
                socket.connect(UnixDomainSocketAddress.of(address.socketPath()));
                SocketBuffers.enlarge(socket);
                c = new FramedChannel(socket);
                Handshake.answerOnly(c, JvmProcess.current().authkey());
                byte[] hello = ByteBuffer.allocate(8).putLong(QueueHub.SERVICE_ID).array();
                c.write(hello, 0, hello.length);
                counterFile = ConsumedCounter.createFile(JvmProcess.current().runtimeDir());
                counter = ConsumedCounter.map(counterFile);
                byte[] path = counterFile.toString().getBytes(StandardCharsets.UTF_8);
                byte[] open = ByteBuffer.allocate(13 + path.length).put(Wire.OPEN).putLong(address.queueId())
                        .putInt(firstPut).put(path).array();
                c.write(open, 0, open.length);
                ByteBuffer answer = ByteBuffer.wrap(c.read());
                if (answer.get() != Wire.OPENED) {
                    answer.getLong();
                    throw new QueueClosedException(address.describe() + " cannot be used: " + Wire.text(answer));
                }
                answer.getInt();
                answer.get();
                if (answer.hasRemaining()) {
                    int slabId = answer.getInt();
                    granted = mapGranted(slabId, Wire.text(answer));
                }
            } catch (IOException | RuntimeException e) {
                if (c != null) {
                    c.close();
                }
                if (e instanceof QueueClosedException) {
                    throw (QueueClosedException) e;
                }
                fail(e);
                throw new QueueClosedException(failure);
            } finally {
                if (counterFile != null) {
                    ConsumedCounter.delete(counterFile);
                }
            }
            sender = new Sender(c, address.describe());
            if (granted != null) {
                sender.useSlab(granted);
            }
            channel = c;
            RemoteQueues.remember(this);
            Thread reader = new Thread(this::readLoop, "multiproc-queue-reader " + address.describe());
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Records why the queue cannot be used any more; removes the socket of an owner that died. */
    private void fail(Exception cause) {
        if (failure != null) {
            return;
        }
        boolean ownerAlive = ProcessHandle.of(address.ownerPid()).map(RemoteQueue::stillAlive).orElse(false);
        if (!ownerAlive) {
            try {
                Files.deleteIfExists(Path.of(address.socketPath())); // a killed owner could not remove it
            } catch (IOException ignored) {
                // another process removed it
            }
            failure = "queue closed: " + address.describe() + " is gone because its owner, process "
                    + address.ownerPid() + ", exited";
        } else {
            failure = "queue closed: lost the connection to the owner of " + address.describe() + ": " + cause;
        }
    }

    /**
     * An owner closes its connections only as it exits (or the kernel does when it dies), so the
     * end of a connection is given a moment to turn into the owner's exit before it is called a
     * lost connection.
     */
    private static boolean stillAlive(ProcessHandle owner) {
        try {
            owner.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return owner.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return owner.isAlive();
        }
    }

    private void readLoop() {
        FramedChannel c = channel;
        try {
            while (true) {
                ByteBuffer in = ByteBuffer.wrap(c.read());
                byte op = in.get();
                switch (op) {
                    case Wire.ITEMS: {
                        long reqId = in.getLong();
                        long first = in.getLong();
                        int count = in.getInt();
                        boolean lone = in.get() != 0;
                        if (Events.queueBatchEnabled()) {
                            Events.queueBatch(address.describe(), false, count, in.limit());
                        }
                        received(reqId, first, Wire.readRecords(in, count, c, this::slab), lone);
                        break;
                    }
                    case Wire.SLAB_NAME:
                        slabNames.put(in.getInt(), Wire.text(in));
                        break;
                    case Wire.SLAB_GRANT: {
                        SlabRing ring = mapGranted(in.getInt(), Wire.text(in));
                        if (ring != null) {
                            sender.useSlab(ring);
                        }
                        break;
                    }
                    case Wire.DONE:
                        answered(in.getLong(), false, in.getLong(), null);
                        break;
                    case Wire.CANCELLED:
                        answered(in.getLong(), true, 0, null);
                        break;
                    case Wire.FAILED:
                        answered(in.getLong(), false, 0, Wire.text(in));
                        break;
                    case Wire.RECALL:
                        giveBack();
                        break;
                    case Wire.RETURNED:
                        returnTaken(in.getInt());
                        break;
                    default:
                        throw new IllegalStateException("queue protocol error: unknown message " + op);
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                fail(e);
            }
        } finally {
            c.close();
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Maps the slab the owner granted for this process's puts; null, and puts stay inline, if it cannot. */
    private static SlabRing mapGranted(int id, String name) {
        try {
            return new SlabRing(Slab.attach(id, name));
        } catch (RuntimeException cannotMap) {
            return null; // only an optimisation: the owner removes the unused slab with the connection
        }
    }

    /**
     * The slab a received reference points into, mapped now: the item is leased to this process,
     * so the owner cannot have removed the file yet. An item holds its slab, so a mapping lasts
     * as long as an item that needs it.
     */
    private Slab slab(int id) {
        Slab s = lastSlab;
        return s != null && s.id() == id ? s : attachSlab(id);
    }

    /** The miss of {@link #slab}, out of line so that the hot check compiles alone (see {@link #open}). */
    private Slab attachSlab(int id) {
        String name = slabNames.get(id);
        if (name == null) {
            throw new IllegalStateException("queue protocol error: a reference to slab " + id + " before its name");
        }
        Slab s = Slab.attach(id, name);
        lastSlab = s;
        return s;
    }

    private void received(long reqId, long firstIndex, List<Item> items, boolean lone) {
        lock.lock();
        try {
            buffer.addAll(items);
            if (getInFlight == reqId) {
                getInFlight = 0;
                lastBatch = items.size();
                loneConsumer = lone;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void answered(long reqId, boolean cancelled, long value, String error) {
        lock.lock();
        try {
            if (getInFlight == reqId) {
                getInFlight = 0;
            }
            Reply r = replies.get(reqId);
            if (r != null) {
                r.done = true;
                r.cancelled = cancelled;
                r.value = value;
                r.error = error;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Another consumer waits: hand back every prefetched item no caller has taken. They are counted
     * as disposed of only once the owner says it has them back ({@code RETURNED}): counted before,
     * the owner could read the count first (a {@code qsize()}, another consumer's get) and drop
     * them from the lease book as consumed, and they would be lost.
     */
    private void giveBack() {
        long from;
        int n;
        lock.lock();
        try {
            from = disposed;
            n = buffer.size();
            buffer.clear();
            disposed += n;
        } finally {
            lock.unlock();
        }
        sender.send(ByteBuffer.allocate(13).put(Wire.RETURN).putLong(from).putInt(n).array());
    }

    /** The owner has taken back {@code n} returned items: they count as disposed of. */
    private void returnTaken(int n) {
        lock.lock();
        try {
            counter.add(n);
        } finally {
            lock.unlock();
        }
    }

    // ---- exit ----

    /** Sends a FLUSH unless cancelled; returns its request id, or 0 when there is nothing to wait for. */
    long beginExitFlush() {
        if (cancelJoin || channel == null || failure != null || closed) {
            return 0;
        }
        lock.lock();
        long reqId;
        try {
            reqId = ++nextReqId;
            replies.put(reqId, new Reply());
        } finally {
            lock.unlock();
        }
        try {
            sender.send(Wire.request(Wire.FLUSH, reqId));
            return reqId;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Waits until {@code deadline} for the FLUSH; returns null when confirmed, else why not. */
    String awaitExitFlush(long reqId, long deadline) {
        if (reqId == 0) {
            return null;
        }
        lock.lock();
        try {
            Reply r = replies.get(reqId);
            while (reqId > 0 && r != null && !r.done && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return "its owner, process " + address.ownerPid() + ", did not confirm them in time";
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    return "interrupted";
                }
            }
            return reqId < 0 || failure != null ? failure : null;
        } finally {
            lock.unlock();
        }
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
