package dev.multiproc.internal.queue;

import dev.multiproc.internal.events.Events;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.wire.FrameReader;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reader thread of a {@link RemoteQueue}'s connection: reads every message the owner sends,
 * decodes it and hands it to the handle. It alone maps the slabs that received items refer to,
 * so its slab names need no lock.
 *
 * <p>Why a thread of its own: answers and items arrive whether or not a caller is waiting (a
 * batch travels while the previous one is consumed, a recall comes when another consumer
 * arrives), and must be read in the order they were sent.
 */
final class OwnerReader implements Runnable {

    /** What the handle does with each message; called on the reader thread. */
    interface Handler {
        /** A batch of {@code items} answering the GET {@code reqId}; {@code lone}: no other consumer was active. */
        void received(long reqId, List<Item> items, boolean lone);

        /** The answer to request {@code reqId}: done with {@code value}, cancelled, or failed with {@code error}. */
        void answered(long reqId, boolean cancelled, long value, String error);

        /** The owner granted a slab for this process's puts, mapped here. */
        void slabGranted(SlabRing ring);

        /** Another consumer waits: hand back the prefetched items no caller has taken. */
        void recalled();

        /** The owner has taken back {@code count} returned items. */
        void returnTaken(int count);

        /** The connection ended ({@code cause} is how it was noticed); the channel is closed. */
        void ended(RuntimeException cause);
    }

    private final FramedChannel channel;
    private final String queueName;
    private final Handler handler;
    /** Names of the slabs the owner announced, by id. */
    private final Map<Integer, String> slabNames = new HashMap<>();
    /** The slab of the latest slab record read. */
    private Slab lastSlab;

    OwnerReader(FramedChannel channel, String queueName, Handler handler) {
        this.channel = channel;
        this.queueName = queueName;
        this.handler = handler;
    }

    /** Starts the reader as a daemon thread: it must not hold up the JVM's exit. */
    void start() {
        Thread reader = new Thread(this, "multiproc-queue-reader " + queueName);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void run() {
        RuntimeException cause = null;
        try {
            while (true) {
                handle(channel.read());
            }
        } catch (RuntimeException e) {
            cause = e;
        } finally {
            channel.close();
            handler.ended(cause);
        }
    }

    private void handle(byte[] frame) {
        FrameReader in = Wire.reader(frame);
        byte op = in.getByte();
        switch (op) {
            case Wire.ITEMS: {
                long reqId = in.getLong();
                in.getLong(); // the first item's index: only the owner's lease book needs it
                int count = in.getInt();
                boolean lone = in.getBoolean();
                if (Events.queueBatchEnabled()) {
                    Events.queueBatch(queueName, false, count, frame.length);
                }
                handler.received(reqId, Wire.readRecords(in, count, channel, this::slab), lone);
                break;
            }
            case Wire.SLAB_NAME:
                slabNames.put(in.getInt(), in.getTrailingString());
                break;
            case Wire.SLAB_GRANT: {
                SlabRing ring = OwnerConnection.mapGranted(in.getInt(), in.getTrailingString());
                if (ring != null) {
                    handler.slabGranted(ring);
                }
                break;
            }
            case Wire.DONE:
                handler.answered(in.getLong(), false, in.getLong(), null);
                break;
            case Wire.CANCELLED:
                handler.answered(in.getLong(), true, 0, null);
                break;
            case Wire.FAILED:
                handler.answered(in.getLong(), false, 0, in.getTrailingString());
                break;
            case Wire.RECALL:
                handler.recalled();
                break;
            case Wire.RETURNED:
                handler.returnTaken(in.getInt());
                break;
            default:
                throw new IllegalStateException("queue protocol error: unknown message " + op);
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

    /**
     * The miss of {@link #slab}, out of line so that the hot check compiles alone (see
     * {@code RemoteQueue.open} for what a large inlined cold path cost).
     */
    private Slab attachSlab(int id) {
        String name = slabNames.get(id);
        if (name == null) {
            throw new IllegalStateException("queue protocol error: a reference to slab " + id + " before its name");
        }
        Slab s = Slab.attach(id, name);
        lastSlab = s;
        return s;
    }
}
