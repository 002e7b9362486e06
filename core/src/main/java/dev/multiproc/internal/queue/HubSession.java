package dev.multiproc.internal.queue;

import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The owner's side of one connection from another process to one queue: reads its requests on a
 * thread of its own, and sends it replies and items from whichever owner thread has them.
 *
 * <p>A frame is only acted on once it has arrived whole ({@link FramedChannel} reads complete
 * frames), so a producer killed in the middle of a write adds nothing torn, only the items of
 * the frames it finished.
 */
final class HubSession implements Runnable, QueueSession {
    private final FramedChannel channel;
    private final QueueHub hub;
    private final java.util.ArrayDeque<Runnable> outbox = new java.util.ArrayDeque<>();
    private final Object writeLock = new Object();
    private QueueCore core;
    private LeaseBook book;
    /** The slab this connection's producer writes large items into; null until it puts one. */
    private Slab slab;
    private boolean slabRefused;
    /** Slabs this consumer was told the name of; used under the write lock only. */
    private final Set<Integer> announced = new HashSet<>();

    HubSession(FramedChannel channel, QueueHub hub) {
        this.channel = channel;
        this.hub = hub;
        SocketBuffers.enlarge(channel.channel());
    }

    @Override
    public LeaseBook book() {
        return book;
    }

    @Override
    public void run() {
        try {
            if (open()) {
                serve();
            }
        } catch (RuntimeException ended) {
            // the peer closed or died; what it held is given back below
        } finally {
            channel.close();
            if (book != null) {
                core.detach(this);
            }
            if (slab != null) {
                slab.producerEnded();
            }
        }
    }

    private boolean open() {
        FrameReader in = Wire.reader(channel.read(4096));
        if (in.getByte() != Wire.OPEN) {
            return false;
        }
        long queueId = in.getLong();
        int firstPut = in.getInt();
        Path counterFile = Path.of(in.getTrailingString());
        QueueCore found = hub.core(queueId);
        if (found == null) {
            ConsumedCounter.delete(counterFile);
            send(Wire.failed(0, "queue " + queueId + " of process " + ProcessHandle.current().pid()
                    + " does not exist in its owner"));
            return false;
        }
        ConsumedCounter counter;
        try {
            counter = ConsumedCounter.map(counterFile);
        } finally {
            ConsumedCounter.delete(counterFile);
        }
        core = found;
        book = new LeaseBook(counter);
        core.attach(this);
        FrameBuilder opened = new FrameBuilder(64).putByte(Wire.OPENED).putInt(core.maxsize()).putBoolean(core.joinable());
        if (firstPut > 0 && grantSlab(firstPut)) {
            // the connection opens for a large put: its slab comes with the answer, so that not even
            // the first items take the long way while a grant travels
            opened.putInt(slab.id()).putTrailingString(slab.name());
        }
        send(opened.toByteArray());
        return true;
    }

    private void serve() {
        while (true) {
            handle(Wire.reader(channel.read()));
        }
    }

    /**
     * One request. A method of its own, not the body of {@link #serve}'s loop: a session runs its
     * loop once for its whole life, so the JIT could compile that loop only by on-stack
     * replacement, whose counters the owner's training rarely filled; logged in a trained owner,
     * C2 compiled serve's loop (110-200 ms of a compiler thread) during its second and fifth timed
     * runs. Called once per request, this compiles by its call count like any other method.
     */
    private void handle(FrameReader in) {
        byte op = in.getByte();
        switch (op) {
            case Wire.PUTS: {
                List<Item> items = Wire.readRecords(in, in.getInt(), channel, this::ownSlab);
                for (Item item : items) {
                    if (item.slab() != null) {
                        item.slab().retain(); // counted once the whole message has arrived
                    }
                }
                offerSlab(items);
                core.remotePuts(items);
                break;
            }
            case Wire.PUT: {
                long reqId = in.getLong();
                core.remotePut(this, reqId, Wire.readRecords(in, 1, channel, this::ownSlab).get(0));
                break;
            }
            case Wire.GET: {
                long reqId = in.getLong();
                core.remoteGet(this, reqId, in.getInt());
                break;
            }
            case Wire.CANCEL:
                core.cancel(this, in.getLong());
                break;
            case Wire.RETURN: {
                long from = in.getLong();
                core.returned(this, from, in.getInt());
                break;
            }
            case Wire.QSIZE: {
                long reqId = in.getLong();
                send(Wire.done(reqId, core.qsize()));
                break;
            }
            case Wire.TASK_DONE:
                core.remoteTaskDone(this, in.getLong());
                break;
            case Wire.JOIN:
                core.remoteJoin(this, in.getLong());
                break;
            case Wire.FLUSH:
                send(Wire.done(in.getLong(), 0));
                break;
            case Wire.SLAB_WANT: {
                long reqId = in.getLong();
                if (grantSlab(in.getInt())) {
                    send(Wire.slabMessage(Wire.SLAB_GRANT, slab));
                }
                send(Wire.done(reqId, slab != null ? 1 : 0));
                break;
            }
            default:
                throw new IllegalStateException("queue protocol error: unknown request " + op);
        }
    }

    /** The slab a producer's slab record refers to: its connection's own. */
    private Slab ownSlab(int ignoredId) {
        if (slab == null) {
            throw new IllegalStateException("queue protocol error: a slab record from a connection that has no slab");
        }
        return slab;
    }

    /**
     * Gives this producer a slab the first time it streams an item that would go through one.
     * Why only then: a producer of small items never needs one, and the file costs a mapping in
     * every process that reads from it. The grant travels to the producer while it keeps
     * streaming; its items go inline until it has mapped the slab.
     */
    private void offerSlab(List<Item> items) {
        if (slab != null || slabRefused) {
            return;
        }
        for (Item item : items) {
            if (item.slab() == null && grantSlab(item.length())) {
                send(Wire.slabMessage(Wire.SLAB_GRANT, slab));
                return;
            }
        }
    }

    /** Creates this connection's slab if an item of {@code length} bytes should go through one; true if it did. */
    private boolean grantSlab(int length) {
        if (slab != null || slabRefused || Slab.SIZE <= 0 || core.maxsize() > 0 || !Slab.fits(length, Slab.SIZE)) {
            return false;
        }
        try {
            slab = Slab.create();
        } catch (RuntimeException noRoom) {
            slab = null;
        }
        if (slab == null) {
            slabRefused = true; // e.g. /dev/shm is nearly full: items keep travelling inline
            return false;
        }
        return true;
    }

    /**
     * Under the queue's lock: records {@code items} as leased to this consumer and queues their
     * frame. Leasing under the lock means a second consumer arriving a moment later sees this batch
     * as held here and waits for it to come back; queueing frames in order means a recall queued
     * after the batch is written after it. False when the connection has ended (the caller puts
     * the items back). {@link #flush()} writes what is queued, outside the lock.
     */
    @Override
    public boolean leaseAndQueue(long reqId, List<Item> items, boolean lone) {
        long first = book.lease(items);
        if (first < 0) {
            return false;
        }
        synchronized (outbox) {
            outbox.add(() -> writeBatch(reqId, first, items, lone));
        }
        return true;
    }

    /** Under the queue's lock: queues a request to hand back prefetched items. */
    @Override
    public void queueRecall() {
        synchronized (outbox) {
            outbox.add(() -> writeFrame(new byte[] {Wire.RECALL}));
        }
    }

    /** Under the queue's lock: queues the answer to a RETURN of {@code count} items, after which the consumer counts them. */
    @Override
    public void queueReturned(int count) {
        byte[] frame = new FrameBuilder(5).putByte(Wire.RETURNED).putInt(count).toByteArray();
        synchronized (outbox) {
            outbox.add(() -> writeFrame(frame));
        }
    }

    /** Writes the queued frames, in the order they were queued. */
    @Override
    public void flush() {
        synchronized (writeLock) {
            while (true) {
                Runnable next;
                synchronized (outbox) {
                    next = outbox.poll();
                }
                if (next == null) {
                    return;
                }
                next.run();
            }
        }
    }

    private void writeBatch(long reqId, long first, List<Item> items, boolean lone) {
        int size = 22;
        for (Item item : items) {
            size += Wire.recordSize(item);
        }
        FrameBuilder out = new FrameBuilder(size).putByte(Wire.ITEMS).putLong(reqId).putLong(first).putInt(items.size())
                .putBoolean(lone);
        for (Item item : items) {
            Wire.putRecord(out, item);
        }
        try {
            announceSlabs(items);
            channel.write(out.array(), 0, out.size());
            Wire.writeSeparate(channel, items);
        } catch (RuntimeException peerGone) {
            // the items are on the lease book: the session's end gives back what was not consumed
        }
    }

    /**
     * Tells the consumer the name of each slab {@code items} refer to that it has not heard of.
     * The items are leased to it, so their slab files exist until it has taken them: it can map
     * them when the names arrive.
     */
    private void announceSlabs(List<Item> items) {
        for (Item item : items) {
            Slab s = item.slab();
            if (s != null && announced.add(s.id())) {
                byte[] frame = Wire.slabMessage(Wire.SLAB_NAME, s);
                channel.write(frame, 0, frame.length);
            }
        }
    }

    private void writeFrame(byte[] frame) {
        try {
            channel.write(frame, 0, frame.length);
        } catch (RuntimeException peerGone) {
            // the reader sees the end of the connection and cleans up
        }
    }

    @Override
    public void send(byte[] frame) {
        synchronized (writeLock) {
            try {
                channel.write(frame, 0, frame.length);
            } catch (RuntimeException peerGone) {
                // the reader sees the end of the connection and cleans up
            }
        }
    }
}
