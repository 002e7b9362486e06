package dev.multiproc.internal.queue;

import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentFiles;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shared-memory file through which one producer connection of an unbounded queue hands large
 * items to their consumers, so that only a small reference travels through the owner's sockets.
 *
 * <p>The queue's owner creates it (named and swept like every {@link Segment}) for a producer
 * connection that puts large items; the producer writes blocks in it ({@link SlabRing}), the
 * owner queues references to them like items, and whoever finally takes an item copies its block
 * out and marks it free. A block:
 * <pre>
 * | state:8 | length:4 | pad:4 | payload, padded to 8 bytes |
 * </pre>
 * {@code state} is the block's sequence number while it holds an item and 0 once it was taken;
 * the producer stores it with release semantics after the payload, the taker reads it with
 * acquire semantics before the payload and stores 0 with release semantics after copying it.
 * Why fences around plain accesses rather than the {@code Memory} VarHandles: the same ordering
 * (the word is aligned, so its plain access is atomic), and no method-handle linkage in the code
 * a cold consumer JVM runs interpreted for its first thousands of items.
 * The sequence number, also carried by the reference, lets a reader refuse a block that was
 * reused under it rather than deliver another item's bytes.
 *
 * <p>In the owner an instance also counts the references still queued or leased: the file is
 * removed once the producer's connection has ended and none is left, or when the owner exits.
 * Mappings themselves are released by the garbage collector, as every {@link Segment}'s.
 */
final class Slab {
    /** Default size of a slab; {@code -Dmultiproc.queueSlabBytes} overrides it (0 disables slabs). */
    static final int SIZE = Integer.getInteger("multiproc.queueSlabBytes", 64 << 20);
    /**
     * Encoded items from this size on go through a slab (when the producer has one with room);
     * {@code -Dmultiproc.queueSlabMinItem} overrides it. Measured: at 1 KiB a slab item costs the
     * consumer and the owner a third less CPU than an inline one, at 4-16 KiB it is 25-80% faster.
     */
    static final int MIN_ITEM = Integer.getInteger("multiproc.queueSlabMinItem", 512);
    static final int BLOCK_HEADER = 16;

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Set<Slab> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean exitHooked;

    private final int id;
    private final Segment segment;
    private final ByteBuffer buffer;
    /** Owner only: references in the queue or leased to a consumer. */
    private long refs;
    /** Owner only: the producer's connection has ended, so no new reference can come. */
    private boolean producerEnded;
    private boolean unlinked;

    private Slab(int id, Segment segment) {
        this.id = id;
        this.segment = segment;
        this.buffer = segment.buffer();
    }

    /** True when an item of {@code length} bytes may go through a slab of {@code slabSize} bytes. */
    static boolean fits(int length, int slabSize) {
        return length >= MIN_ITEM && length <= slabSize / 4;
    }

    /**
     * In the owner: creates a new slab file for a producer connection, or returns null when the
     * shared-memory file system has too little room left for one.
     *
     * <p>Why the check: the file is sparse and its pages are allocated as the producer first
     * writes them; a write to a page a full tmpfs cannot allocate kills the writer with SIGBUS.
     * A slab takes at most a quarter of the space left free by this process's other slabs, so
     * its queues cannot exhaust it by themselves.
     */
    static Slab create() {
        long free;
        try {
            free = java.nio.file.Files.getFileStore(SegmentFiles.directory()).getUsableSpace();
        } catch (java.io.IOException | RuntimeException unknown) {
            return null;
        }
        // the live slabs of this process count as used: their pages may all be written yet
        long size = Math.min(SIZE, (free - reserved()) / 4) & ~((1L << 20) - 1);
        return size < (1 << 20) ? null : create((int) size);
    }

    private static long reserved() {
        long total = 0;
        for (Slab slab : LIVE) {
            total += slab.size();
        }
        return total;
    }

    /** In the owner: creates a new slab file of {@code size} bytes. */
    static Slab create(int size) {
        hookExit();
        Slab slab = new Slab(IDS.incrementAndGet(), Segment.create(SegmentFiles.newName("slab"), size));
        LIVE.add(slab);
        return slab;
    }

    /** In a producer or consumer: maps the slab the owner named, as long as the file exists. */
    static Slab attach(int id, String name) {
        return new Slab(id, Segment.attach(name));
    }

    int id() {
        return id;
    }

    String name() {
        return segment.name();
    }

    int size() {
        return buffer.capacity();
    }

    /** Producer: writes {@code length} bytes of {@code payload} as the block at {@code offset}, then publishes it. */
    void write(int offset, long seq, byte[] payload, int from, int length) {
        buffer.putInt(offset + 8, length);
        buffer.put(offset + BLOCK_HEADER, payload, from, length);
        VarHandle.releaseFence(); // a release store of the state: the payload is visible first
        buffer.putLong(offset, seq);
    }

    /**
     * Producer, with every block free: hands the pages from {@code offset} on back to the system
     * (the file is cut there and extended again, a hole that reads as zeros). Nobody reads a free
     * block, so no process touches those pages meanwhile. Best effort: on failure they stay.
     */
    void releasePagesFrom(int offset) {
        // no CREATE: once the owner has removed the file, there is nothing to give back
        try (FileChannel file = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
            file.truncate(offset);
            file.write(ByteBuffer.allocate(1), buffer.capacity() - 1); // the same length again, as a hole
        } catch (IOException | RuntimeException ignored) {
            // only memory: the pages stay allocated until the slab is removed
        }
    }

    /** Producer: true once the block at {@code offset} was taken. */
    boolean isFree(int offset) {
        long state = buffer.getLong(offset);
        VarHandle.acquireFence(); // an acquire load: the taker's copy is complete before the block is rewritten
        return state == 0;
    }

    /**
     * Taker: copies the payload of the block at {@code offset} out and frees the block.
     *
     * @throws IllegalStateException when the block does not hold item {@code seq} any more
     */
    byte[] take(int offset, long seq, int length) {
        long state = buffer.getLong(offset);
        VarHandle.acquireFence(); // an acquire load of the state, as the producer's release store pairs with
        int stored = buffer.getInt(offset + 8);
        if (state != seq || stored != length) {
            throw new IllegalStateException("queue slab " + segment.name() + ": the block at " + offset
                    + " holds item " + state + " of " + stored + " bytes, expected item " + seq + " of " + length
                    + " bytes; the item was taken twice or its block was reused");
        }
        byte[] out = new byte[length];
        buffer.get(offset + BLOCK_HEADER, out, 0, length);
        VarHandle.releaseFence(); // a release store: the copy is done before the producer may reuse the block
        buffer.putLong(offset, 0L);
        return out;
    }

    // ---- owner: references and the file's lifetime ----

    /** A reference to this slab entered the queue. */
    synchronized void retain() {
        refs++;
    }

    /** A reference left the queue for good (its item was taken). */
    void release() {
        boolean unlink;
        synchronized (this) {
            refs--;
            unlink = refs <= 0 && producerEnded;
        }
        if (unlink) {
            unlink();
        }
    }

    /** The producer's connection ended: the file goes as soon as no reference is left. */
    void producerEnded() {
        boolean unlink;
        synchronized (this) {
            producerEnded = true;
            unlink = refs <= 0;
        }
        if (unlink) {
            unlink();
        }
    }

    /** Removes the file; processes that mapped it keep their mapping until it is collected. */
    void unlink() {
        synchronized (this) {
            if (unlinked) {
                return;
            }
            unlinked = true;
        }
        LIVE.remove(this);
        try {
            segment.unlink();
        } catch (RuntimeException alreadyGone) {
            // the root's sweep or a concurrent exit removed it
        }
    }

    private static void hookExit() {
        if (!exitHooked) {
            synchronized (Slab.class) {
                if (!exitHooked) {
                    // a child owner's slabs must go with it: the root only sweeps them when it exits itself
                    JvmProcess.current().atExit(() -> LIVE.forEach(Slab::unlink));
                    exitHooked = true;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Slab[" + id + ", " + segment.name() + "]";
    }
}
