package dev.multiproc.internal.queue;

import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The messages between a queue's owner and the other processes that use it; one message per
 * {@link FramedChannel} frame, the first byte names it.
 *
 * <pre>
 * client -&gt; owner
 *   OPEN      | queueId:8 | firstPut:4 | counterPath    first message; firstPut: size of the item about to be put, or 0
 *   PUTS      | count:4   | item records                 streamed, no reply
 *   PUT       | reqId:8   | item record                  bounded queues: DONE or, after CANCEL, CANCELLED
 *   GET       | reqId:8   | max:4                        ITEMS or, after CANCEL, CANCELLED
 *   CANCEL    | reqId:8                                  give up a waiting GET or PUT
 *   RETURN    | from:8    | count:4                      prefetched items handed back after RECALL
 *   QSIZE, TASK_DONE, JOIN, FLUSH | reqId:8              DONE (value) or FAILED
 *   SLAB_WANT | reqId:8   | length:4                     first large put on a connection opened without one:
 *                                                      SLAB_GRANT if the owner creates a slab, then DONE
 * owner -&gt; client
 *   OPENED    | maxsize:4 | joinable:1 [| slabId:4 | name]  with a slab for a connection opened by a large put
 *   ITEMS     | reqId:8   | firstIndex:8 | count:4 | lone:1 | item records
 *   DONE      | reqId:8   | value:8
 *   CANCELLED | reqId:8
 *   FAILED    | reqId:8   | message (UTF-8)
 *   RECALL                                             another consumer waits: return your prefetch
 *   RETURNED  | count:4                                the RETURN is done: count its items as disposed of now
 *   SLAB_GRANT | slabId:4 | name (UTF-8)                to a producer: write large items into this slab
 *   SLAB_NAME  | slabId:4 | name (UTF-8)                to a consumer, before the first reference to it
 *
 * item record:  | flags:1 | length:4 | bytes (only when length &lt; Item.LARGE) |
 * slab record:  | flags:1 | length:4 | slabId:4 | offset:4 | seq:8 |      flags has SLAB set
 * </pre>
 * An item of {@link Item#LARGE} bytes or more follows its message as a frame of its own, in
 * record order, so it is neither copied into a batch nor limited by a batch's size. A slab
 * record's payload is in the {@link Slab}; a producer writes slabId 0 (its connection has one
 * slab), the owner writes the slab's id.
 */
final class Wire {
    static final byte OPEN = 1;
    static final byte PUTS = 2;
    static final byte PUT = 3;
    static final byte GET = 4;
    static final byte CANCEL = 5;
    static final byte RETURN = 6;
    static final byte QSIZE = 7;
    static final byte TASK_DONE = 8;
    static final byte JOIN = 9;
    static final byte FLUSH = 10;
    static final byte SLAB_WANT = 11;

    static final byte OPENED = 20;
    static final byte ITEMS = 21;
    static final byte DONE = 22;
    static final byte CANCELLED = 23;
    static final byte FAILED = 24;
    static final byte RECALL = 25;
    static final byte SLAB_GRANT = 26;
    static final byte SLAB_NAME = 27;
    static final byte RETURNED = 28;

    /** Flag bits of a record's first byte. */
    static final byte RAW = 1;
    static final byte SLAB = 2;

    static final int RECORD_HEADER = 5;

    private Wire() {
    }

    static int recordSize(Item item) {
        return RECORD_HEADER + item.wireLength();
    }

    /** A reader of a frame of this protocol. */
    static FrameReader reader(byte[] frame) {
        return new FrameReader(frame, "queue");
    }

    static void putRecord(FrameBuilder out, Item item) {
        Slab slab = item.slab();
        out.putByte((item.raw() ? RAW : 0) | (slab != null ? SLAB : 0)).putInt(item.length());
        if (slab != null) {
            out.putInt(slab.id()).putInt(item.offset()).putLong(item.seq());
        } else if (!item.separate()) {
            out.putRaw(item.bytes());
        }
    }

    /** Writes a slab record into {@code out} at {@code at}: {@link #RECORD_HEADER} + {@link Item#REFERENCE} bytes. */
    static void putSlabRecord(byte[] out, int at, boolean raw, int length, int offset, long seq) {
        putRecordHeader(out, at, raw, length);
        out[at] |= SLAB;
        FrameBuilder.setInt(out, at + RECORD_HEADER, 0);
        FrameBuilder.setInt(out, at + RECORD_HEADER + 4, offset);
        FrameBuilder.setLong(out, at + RECORD_HEADER + 8, seq);
    }

    /** Writes a record's header into {@code out} at {@code at}, as {@link #putRecord} does. */
    static void putRecordHeader(byte[] out, int at, boolean raw, int length) {
        out[at] = raw ? RAW : 0;
        FrameBuilder.setInt(out, at + 1, length);
    }

    /**
     * Reads {@code count} records from {@code in}, and the frames of large items from {@code channel};
     * {@code slabs} finds the slab a slab record names.
     */
    static List<Item> readRecords(FrameReader in, int count, FramedChannel channel, IntFunction<Slab> slabs) {
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte flags = in.getByte();
            boolean raw = (flags & RAW) != 0;
            int length = in.getInt();
            byte[] bytes;
            if ((flags & SLAB) != 0) {
                int slabId = in.getInt();
                int offset = in.getInt();
                long seq = in.getLong();
                items.add(Item.inSlab(slabs.apply(slabId), offset, seq, length, raw));
                continue;
            }
            if (length >= Item.LARGE) {
                bytes = channel.read();
                if (bytes.length != length) {
                    throw new IllegalStateException("queue protocol error: announced an item of " + length
                            + " bytes, received " + bytes.length);
                }
            } else {
                bytes = in.getBytes(length);
            }
            items.add(new Item(bytes, raw));
        }
        return items;
    }

    /** Writes the frames of the large items among {@code items}, after their message. */
    static void writeSeparate(FramedChannel channel, List<Item> items) {
        for (Item item : items) {
            if (item.separate()) {
                channel.write(item.bytes(), 0, item.length());
            }
        }
    }

    static byte[] request(byte op, long reqId) {
        return new FrameBuilder(9).putByte(op).putLong(reqId).toByteArray();
    }

    /** A request with an int after its id: GET (max), RETURN (count), SLAB_WANT (length). */
    static byte[] request(byte op, long reqId, int value) {
        return new FrameBuilder(13).putByte(op).putLong(reqId).putInt(value).toByteArray();
    }

    static byte[] done(long reqId, long value) {
        return new FrameBuilder(17).putByte(DONE).putLong(reqId).putLong(value).toByteArray();
    }

    static byte[] failed(long reqId, String message) {
        return new FrameBuilder(64).putByte(FAILED).putLong(reqId).putTrailingString(message).toByteArray();
    }

    static byte[] slabMessage(byte op, Slab slab) {
        return new FrameBuilder(64).putByte(op).putInt(slab.id()).putTrailingString(slab.name()).toByteArray();
    }
}
