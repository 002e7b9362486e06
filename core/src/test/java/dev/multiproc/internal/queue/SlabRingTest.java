package dev.multiproc.internal.queue;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    private record Written(long[] ref, int seq, int length) {
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
                long[] ref = ring.write(payload(seq, length), 0, length);
                if (ref == null) {
                    refused++;
                    assertTrue(!inFlight.isEmpty(), "an empty ring refused " + length + " bytes");
                } else {
                    inFlight.add(new Written(ref, seq, length));
                }
                // the taker lags behind by a random number of items, and catches up now and then
                int lag = random.nextInt(8);
                while (inFlight.size() > lag) {
                    Written w = inFlight.poll();
                    assertArrayEquals(payload(w.seq, w.length), slab.take((int) w.ref[0], w.ref[1], w.length));
                }
            }
            assertTrue(refused > 0, "the ring never filled: the test did not reach wrap-around");
        } finally {
            slab.unlink();
        }
    }

    @Test
    void aReferenceToAReusedOrTakenBlockIsRefused() {
        Slab slab = Slab.create(64 * 1024);
        try {
            SlabRing ring = new SlabRing(slab);
            long[] first = ring.write(payload(1, 1000), 0, 1000);
            assertNotNull(first);
            assertArrayEquals(payload(1, 1000), slab.take((int) first[0], first[1], 1000));
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> slab.take((int) first[0], first[1], 1000));
            assertTrue(twice.getMessage().contains("taken twice or its block was reused"), twice.getMessage());
            long[] second = ring.write(payload(2, 1000), 0, 1000);
            assertEquals(first[0], second[0], "a freed ring starts again at its first block");
            assertThrows(IllegalStateException.class, () -> slab.take((int) first[0], first[1], 1000));
            assertArrayEquals(payload(2, 1000), slab.take((int) second[0], second[1], 1000));
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
                assertNotNull(ring.write(payload(i, 16 * 1024), 0, 16 * 1024));
            }
            assertNull(ring.write(payload(3, 16 * 1024), 0, 16 * 1024), "a fourth block of a quarter cannot fit beside the headers");
        } finally {
            slab.unlink();
        }
    }
}
