package dev.multiproc.internal.queue;

import dev.multiproc.internal.transport.FramedChannel;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The owner's side of one connection from another process to one queue: reads its requests on a
 * thread of its own, and sends it replies and items from whichever owner thread has them.
 *
 * <p>A frame is only acted on once it has arrived whole ({@link FramedChannel} reads complete
 * frames), so a producer killed in the middle of a write adds nothing torn, only the items of
 * the frames it finished.
 */
final class HubSession implements Runnable {
    private final FramedChannel channel;
    private final QueueHub hub;
    private final java.util.ArrayDeque<Runnable> outbox = new java.util.ArrayDeque<>();
    private final Object writeLock = new Object();
    private QueueCore core;
    private LeaseBook book;
    /** Set once the connection has asked for items: it then counts when batches are shared out. */
    volatile boolean consumer;

    HubSession(FramedChannel channel, QueueHub hub) {
        this.channel = channel;
        this.hub = hub;
        SocketBuffers.enlarge(channel.channel());
    }

    LeaseBook book() {
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
        }
    }

    private boolean open() {
        ByteBuffer in = ByteBuffer.wrap(channel.read(4096));
        if (in.get() != Wire.OPEN) {
            return false;
        }
        long queueId = in.getLong();
        Path counterFile = Path.of(Wire.text(in));
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
        send(ByteBuffer.allocate(6).put(Wire.OPENED).putInt(core.maxsize()).put(core.joinable() ? (byte) 1 : 0).array());
        return true;
    }

    private void serve() {
        while (true) {
            ByteBuffer in = ByteBuffer.wrap(channel.read());
            byte op = in.get();
            switch (op) {
                case Wire.PUTS:
                    core.remotePuts(Wire.readRecords(in, in.getInt(), channel));
                    break;
                case Wire.PUT: {
                    long reqId = in.getLong();
                    core.remotePut(this, reqId, Wire.readRecords(in, 1, channel).get(0));
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
                default:
                    throw new IllegalStateException("queue protocol error: unknown request " + op);
            }
        }
    }

    /**
     * Under the queue's lock: records {@code items} as leased to this consumer and queues their
     * frame. Leasing under the lock means a second consumer arriving a moment later sees this batch
     * as held here and waits for it to come back; queueing frames in order means a recall queued
     * after the batch is written after it. False when the connection has ended (the caller puts
     * the items back). {@link #flush()} writes what is queued, outside the lock.
     */
    boolean leaseAndQueue(long reqId, List<Item> items) {
        long first = book.lease(items);
        if (first < 0) {
            return false;
        }
        synchronized (outbox) {
            outbox.add(() -> writeBatch(reqId, first, items));
        }
        return true;
    }

    /** Under the queue's lock: queues a request to hand back prefetched items. */
    void queueRecall() {
        synchronized (outbox) {
            outbox.add(() -> writeFrame(new byte[] {Wire.RECALL}));
        }
    }

    /** Writes the queued frames, in the order they were queued. */
    void flush() {
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

    private void writeBatch(long reqId, long first, List<Item> items) {
        int size = 21;
        for (Item item : items) {
            size += Wire.recordSize(item);
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(Wire.ITEMS).putLong(reqId).putLong(first).putInt(items.size());
        for (Item item : items) {
            Wire.putRecord(out, item);
        }
        try {
            channel.write(out.array(), 0, size);
            Wire.writeSeparate(channel, items);
        } catch (RuntimeException peerGone) {
            // the items are on the lease book: the session's end gives back what was not consumed
        }
    }

    private void writeFrame(byte[] frame) {
        try {
            channel.write(frame, 0, frame.length);
        } catch (RuntimeException peerGone) {
            // the reader sees the end of the connection and cleans up
        }
    }

    void send(byte[] frame) {
        synchronized (writeLock) {
            try {
                channel.write(frame, 0, frame.length);
            } catch (RuntimeException peerGone) {
                // the reader sees the end of the connection and cleans up
            }
        }
    }
}
