package dev.multiproc.internal.queue;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The producer's ring over a slab, in one process: blocks wrap around, a full ring refuses
 * instead of overwriting, freed blocks are reused in ring order, and a reference to a block that
 * was reused is refused rather than read.
 */
class SlabRingTest {

    static byte[] payload(int seq, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seq * 7 + i);
        }
        return b;
    }

    private record Written(int offset, long seq, int index, int length) {
    }

    @Test
    void blocksWrapAroundAndAFullRingRefusesUntilTheOldestIsTaken() {
        Slab slab = Slab.create(64 * 1024);
        try {
            SlabRing ring = new SlabRing(slab);
            ArrayDeque<Written> inFlight = new ArrayDeque<>();
            Random random = new Random(42);
            int refused = 0;
            for (int seq = 0; seq < 5_000; seq++) {
                int length = 512 + random.nextInt(16 * 1024 - 512);
                int offset = ring.write(payload(seq, length), 0, length);
                if (offset < 0) {
                    refused++;
                    assertTrue(!inFlight.isEmpty(), "an empty ring refused " + length + " bytes");
                } else {
                    inFlight.add(new Written(offset, ring.lastSeq(), seq, length));
                }
                // the taker lags behind by a random number of items, and catches up now and then
                int lag = random.nextInt(8);
                while (inFlight.size() > lag) {
                    Written w = inFlight.poll();
                    assertArrayEquals(payload(w.index, w.length), slab.take(w.offset, w.seq, w.length));
                }
            }
            assertTrue(refused > 0, "the ring never filled: the test did not reach wrap-around");
        } finally {
            slab.unlink();
        }
    }

    @Test
    void whileTheTakerKeepsUpTheRingStaysInItsFirstPages() {
        Slab slab = Slab.create(1 << 20); // wraps early past 256 KiB
        try {
            SlabRing ring = new SlabRing(slab);
            ArrayDeque<Written> inFlight = new ArrayDeque<>();
            int highest = 0;
            for (int seq = 0; seq < 10_000; seq++) {
                int offset = ring.write(payload(seq, 1000), 0, 1000);
                assertTrue(offset >= 0, "a ring with at most 3 blocks in use refused one");
                highest = Math.max(highest, offset);
                inFlight.add(new Written(offset, ring.lastSeq(), seq, 1000));
                if (inFlight.size() > 3) {
                    Written w = inFlight.poll();
                    assertArrayEquals(payload(w.index, w.length), slab.take(w.offset, w.seq, w.length));
                }
            }
            assertTrue(highest < (256 << 10) + 4 * 1016, "the ring went up to offset " + highest);
        } finally {
            slab.unlink();
        }
    }

    @Test
    void afterABacklogHasDrainedItsPagesAreGivenBackAndTheRingGoesOn() throws java.io.IOException {
        Slab slab = Slab.create(1 << 20); // compact size 256 KiB
        try {
            SlabRing ring = new SlabRing(slab);
            ArrayDeque<Written> inFlight = new ArrayDeque<>();
            for (int seq = 0; seq < 60; seq++) { // a backlog of 600 KB: past the compact size
                int offset = ring.write(payload(seq, 10_000), 0, 10_000);
                assertTrue(offset >= 0);
                inFlight.add(new Written(offset, ring.lastSeq(), seq, 10_000));
            }
            for (Written w : inFlight) {
                assertArrayEquals(payload(w.index, w.length), slab.take(w.offset, w.seq, w.length));
            }
            // the next write finds the ring empty, releases the pages above 256 KiB, and starts at 0
            assertEquals(0, ring.write(payload(60, 10_000), 0, 10_000));
            assertEquals(1 << 20, java.nio.file.Files.size(java.nio.file.Path.of(
                    dev.multiproc.internal.shm.SegmentFiles.directory().toString(), slab.name())));
            assertArrayEquals(payload(60, 10_000), slab.take(0, ring.lastSeq(), 10_000));
            inFlight.clear();
            int highest = 0;
            for (int seq = 61; seq < 121; seq++) { // another backlog: the released pages hold items again
                int offset = ring.write(payload(seq, 10_000), 0, 10_000);
                assertTrue(offset >= 0);
                highest = Math.max(highest, offset);
                inFlight.add(new Written(offset, ring.lastSeq(), seq, 10_000));
            }
            assertTrue(highest > 256 << 10, "the second backlog stayed below the released pages");
            for (Written w : inFlight) {
                assertArrayEquals(payload(w.index, w.length), slab.take(w.offset, w.seq, w.length));
            }
        } finally {
            slab.unlink();
        }
    }

    @Test
    void aReferenceToAReusedOrTakenBlockIsRefused() {
        Slab slab = Slab.create(64 * 1024);
        try {
            SlabRing ring = new SlabRing(slab);
            int first = ring.write(payload(1, 1000), 0, 1000);
            long firstSeq = ring.lastSeq();
            assertTrue(first >= 0);
            assertArrayEquals(payload(1, 1000), slab.take(first, firstSeq, 1000));
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> slab.take(first, firstSeq, 1000));
            assertTrue(twice.getMessage().contains("taken twice or its block was reused"), twice.getMessage());
            int second = ring.write(payload(2, 1000), 0, 1000);
            assertEquals(first, second, "a freed ring starts again at its first block");
            assertThrows(IllegalStateException.class, () -> slab.take(first, firstSeq, 1000));
            assertArrayEquals(payload(2, 1000), slab.take(second, ring.lastSeq(), 1000));
        } finally {
            slab.unlink();
        }
    }

    @Test
    void itemsOverAQuarterOfTheSlabOrUnderTheThresholdDoNotGoThroughIt() {
        Slab slab = Slab.create(64 * 1024);
        try {
            SlabRing ring = new SlabRing(slab);
            assertTrue(ring.accepts(Slab.MIN_ITEM));
            assertTrue(ring.accepts(16 * 1024));
            assertTrue(!ring.accepts(Slab.MIN_ITEM - 1));
            assertTrue(!ring.accepts(16 * 1024 + 1));
            for (int i = 0; i < 3; i++) {
                assertTrue(ring.write(payload(i, 16 * 1024), 0, 16 * 1024) >= 0);
            }
            assertEquals(-1, ring.write(payload(3, 16 * 1024), 0, 16 * 1024), "a fourth block of a quarter cannot fit beside the headers");
        } finally {
            slab.unlink();
        }
    }
}
