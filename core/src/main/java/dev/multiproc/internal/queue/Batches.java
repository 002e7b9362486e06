package dev.multiproc.internal.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How many of a queue's head items its owner sends a consumer in answer to one GET, and why.
 */
final class Batches {
    /**
     * A remote GET receives at most this many items, or this many bytes of small items. Why this
     * many: a lone consumer takes a batch faster than its next GET's round trip on a busy two-core
     * machine (about 1 ms there while its producer runs), so its rate is a batch per round trip.
     * Measured, 1 KiB items through a slab (21-byte references, so the byte bound allows ~2,900)
     * in sets of 7-11 runs: 256 items 277-286k msgs/s, 1,024 358-403k, 4,096 412-429k; small ints
     * 1.1-1.4M -> 2.3-2.6M msgs/s; 1 MiB items 786 -> 1,378 MB/s.
     */
    static final int MAX_ITEMS = 4096;
    /** A batch of small items stops short of this many bytes: a frame that fits the transport's direct buffers. */
    static final int MAX_BYTES = 60 * 1024;

    private Batches() {
    }

    /**
     * Takes from {@code items} up to {@code max} head items for a lone consumer; exactly one while
     * several consumers are active. Why one: a batch handed to one consumer would let another consumer get later items
     * first, and Python's idiom of one end marker per consumer relies on the queue being
     * first-in first-out across consumers (a consumer that stops at its marker must not sit on
     * items the others still need). A large item always travels alone.
     */
    static List<Item> take(ArrayDeque<Item> items, int max, boolean lone) {
        int limit = lone ? Math.max(1, Math.min(max, MAX_ITEMS)) : 1;
        List<Item> batch = new ArrayList<>(Math.min(limit, items.size()));
        long bytes = 0;
        while (!items.isEmpty() && batch.size() < limit) {
            Item next = items.peek();
            if (!batch.isEmpty() && (next.separate() || bytes + next.wireLength() > MAX_BYTES)) {
                break;
            }
            batch.add(items.poll());
            bytes += next.wireLength();
            if (next.separate()) {
                break;
            }
        }
        return batch;
    }
}
