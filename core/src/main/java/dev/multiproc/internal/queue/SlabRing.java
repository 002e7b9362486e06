package dev.multiproc.internal.queue;

import java.util.ArrayDeque;

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
final class SlabRing {
    private final Slab slab;
    private final int capacity;
    /** Blocks in use, oldest first: {offset, size} pairs. */
    private final ArrayDeque<long[]> used = new ArrayDeque<>();
    private int writeAt;
    private long nextSeq = 1;

    SlabRing(Slab slab) {
        this.slab = slab;
        this.capacity = slab.size();
    }

    /** True when an item of {@code length} bytes may go through this slab at all. */
    boolean accepts(int length) {
        return Slab.fits(length, capacity);
    }

    /**
     * Writes {@code length} bytes of {@code payload} into a free block and returns a reference
     * {offset, seq}, or null when the ring has no room (the takers are behind).
     */
    long[] write(byte[] payload, int from, int length) {
        int size = align(Slab.BLOCK_HEADER + length);
        // reclaim first: while takers keep up the ring empties and writing restarts at offset 0,
        // so the pages written stay few and warm in the cache
        reclaim();
        int at = allocate(size);
        if (at < 0) {
            return null;
        }
        long seq = nextSeq++;
        slab.write(at, seq, payload, from, length);
        used.add(new long[] {at, size});
        writeAt = at + size;
        return new long[] {at, seq};
    }

    private int allocate(int size) {
        if (used.isEmpty()) {
            return size <= capacity ? 0 : -1;
        }
        int oldest = (int) used.peekFirst()[0];
        if (writeAt > oldest) { // not wrapped: room at the end, else at the start up to the oldest block
            if (writeAt + size <= capacity) {
                return writeAt;
            }
            return size <= oldest ? 0 : -1;
        }
        return writeAt + size <= oldest ? writeAt : -1;
    }

    private void reclaim() {
        while (!used.isEmpty() && slab.isFree((int) used.peekFirst()[0])) {
            used.pollFirst();
        }
        if (used.isEmpty()) {
            writeAt = 0;
        }
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }
}
