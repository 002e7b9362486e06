package dev.multiproc.internal.queue;

/**
 * The producer's allocator over its {@link Slab}: blocks are handed out in ring order and
 * reclaimed in the same order once their takers have freed them. Only this process writes to
 * the slab, and its threads hold the {@link Sender}'s lock while they do, so the ring's state is
 * plain fields of this process.
 *
 * <p>Why ring order: reclaiming is then a look at the oldest block's state word, no free list in
 * shared memory. A block taken out of order (several consumers) is reclaimed when the blocks
 * before it are; a block never freed (its taker died between taking and copying) keeps the ring
 * full from there, and items go inline again: slower, still correct.
 */
public final class SlabRing {
    /** Where a ring whose blocks below it are all free wraps back to 0: see {@link #compact}. */
    public static final int COMPACT = 8 << 20;
    private final Slab slab;
    private final int capacity;
    /**
     * Once the write position has passed this offset and the blocks below it are all free, the
     * ring wraps back to 0 instead of going on to the end. Why: the slab is a sparse file whose
     * pages are allocated as they are first written, so a ring that went round the whole slab
     * while its takers kept up would hold all of it in memory; wrapping early keeps a producer
     * whose consumers keep up within its first pages, and only a real backlog spreads further.
     */
    private final int compact;
    /** Offsets of the blocks in use, oldest first, in a circular array (grown when needed). */
    private int[] used = new int[1024];
    private int first;
    private int count;
    private int writeAt;
    /** The end of the highest block written since the pages above {@link #compact} were last released. */
    private int highest;
    private long nextSeq = 1;
    /** The sequence number of the latest block written. */
    private long lastSeq;

    SlabRing(Slab slab) {
        this.slab = slab;
        this.capacity = slab.size();
        this.compact = Math.min(COMPACT, capacity / 4);
    }

    /** True when an item of {@code length} bytes may go through this slab at all. */
    boolean accepts(int length) {
        return Slab.fits(length, capacity);
    }

    /**
     * Writes {@code length} bytes of {@code payload} into a free block and returns its offset
     * ({@link #lastSeq()} is its sequence number), or -1 when the ring has no room (the takers
     * are behind).
     */
    int write(byte[] payload, int from, int length) {
        int size = align(Slab.BLOCK_HEADER + length);
        // reclaim first: while takers keep up the ring empties and writing restarts at offset 0,
        // so the pages written stay few and warm in the cache
        reclaim();
        int at = allocate(size);
        if (at < 0) {
            return -1;
        }
        lastSeq = nextSeq++;
        slab.write(at, lastSeq, payload, from, length);
        push(at);
        writeAt = at + size;
        highest = Math.max(highest, writeAt);
        return at;
    }

    long lastSeq() {
        return lastSeq;
    }

    private int allocate(int size) {
        if (count == 0) {
            return size <= capacity ? 0 : -1;
        }
        int oldest = used[first];
        if (writeAt > oldest) { // not wrapped: room at the end, else at the start up to the oldest block
            if (writeAt >= compact && oldest >= compact && size <= oldest) {
                return 0; // wrap early: see compact
            }
            if (writeAt + size <= capacity) {
                return writeAt;
            }
            return size <= oldest ? 0 : -1;
        }
        return writeAt + size <= oldest ? writeAt : -1;
    }

    private void reclaim() {
        while (count > 0 && slab.isFree(used[first])) {
            first = (first + 1) & (used.length - 1);
            count--;
        }
        if (count == 0) {
            first = 0;
            writeAt = 0;
            if (highest > compact) {
                // a backlog spread the ring over pages it no longer needs: give them back
                slab.releasePagesFrom(compact);
                highest = 0;
            }
        }
    }

    private void push(int offset) {
        if (count == used.length) {
            int[] grown = new int[used.length * 2];
            for (int i = 0; i < count; i++) {
                grown[i] = used[(first + i) & (used.length - 1)];
            }
            used = grown;
            first = 0;
        }
        used[(first + count) & (used.length - 1)] = offset;
        count++;
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }
}
