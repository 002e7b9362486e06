package dev.multiproc.internal.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameTest {

    @Test
    void fieldsComeBackInOrderBigEndian() {
        FrameBuilder out = new FrameBuilder(0);
        out.putByte(-3).putBoolean(true).putInt(0x01020304).putLong(-2L).putBlock(new byte[] {9, 8})
                .putBlockOrNull(null).putString("été").putStringOrNull(null).putString("a\u0000\uD83D\uDE00")
                .putTrailingString("tail");
        byte[] frame = out.toByteArray();
        assertEquals(0x01020304, FrameReader.intAt(frame, 2));
        FrameReader in = new FrameReader(frame, "test");
        assertEquals(-3, in.getByte());
        assertTrue(in.getBoolean());
        assertEquals(0x01020304, in.getInt());
        assertEquals(-2L, in.getLong());
        assertArrayEquals(new byte[] {9, 8}, in.getBlock());
        assertNull(in.getBlockOrNull());
        assertEquals("été", in.getString());
        assertNull(in.getStringOrNull());
        assertEquals("a\u0000\uD83D\uDE00", in.getString());
        assertEquals("tail", in.getTrailingString());
        assertFalse(in.hasMore());
    }

    @Test
    void theArrayGrowsAndCanBeReused() {
        FrameBuilder out = new FrameBuilder(2);
        for (int i = 0; i < 1000; i++) {
            out.putInt(i);
        }
        assertEquals(4000, out.size());
        assertEquals(999, FrameReader.intAt(out.array(), 3996));
        out.truncate(8);
        out.unputByte();
        assertEquals(7, out.size());
        out.reset();
        out.putLongs(new Object[] {1L, 2L}, 2).putInts(new Object[] {3, 4}, 2).putDoubles(new Object[] {0.5}, 1);
        FrameReader in = new FrameReader(out.array(), 0, out.size(), "test");
        assertEquals(1L, in.getLong());
        assertEquals(2L, in.getLong());
        assertEquals(3, in.getInt());
        assertEquals(4, in.getInt());
        assertEquals(0.5, Double.longBitsToDouble(in.getLong()));
    }

    @Test
    void anExactSizeFrameIsNotCopied() {
        FrameBuilder out = new FrameBuilder(9).putByte(1).putLong(7);
        assertSame(out.array(), out.toByteArray());
        FrameBuilder larger = new FrameBuilder(64).putByte(1);
        assertEquals(1, larger.toByteArray().length);
    }

    @Test
    void aFieldInPlaceIsCountedBySkip() {
        FrameBuilder out = new FrameBuilder(0).putByte(5);
        out.ensure(3);
        byte[] text = "abc".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out.array(), out.size(), 3);
        out.skip(3);
        out.setInt(0, 0); // overwrites what was written
        assertEquals(4, out.size());
    }

    @Test
    void aTruncatedFrameFailsNamingItsFamily() {
        byte[] frame = new FrameBuilder(8).putInt(100).putInt(1).toByteArray();
        FrameReader in = new FrameReader(frame, "pool");
        IllegalStateException e = assertThrows(IllegalStateException.class, in::getBlock);
        assertEquals("truncated pool frame: need 100 bytes at 4 of 8", e.getMessage());
        assertThrows(IllegalStateException.class, () -> new FrameReader(new byte[3], "queue").getInt());
        assertThrows(IllegalStateException.class, () -> new FrameReader(new byte[] {0, 0, (byte) 0xff, 0, 0, 0}, "x").getBlock());
    }
}
