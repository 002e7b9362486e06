package dev.multiproc.internal.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A connected pair within this JVM leaves no socket file behind, and a taken path is refused. */
class LocalSocketsTest {

    @Test
    void thePairIsConnectedBothWaysAndItsSocketFileIsGone(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("pair");
        SocketChannel[] pair = LocalSockets.pair(path);
        try {
            assertFalse(Files.exists(path), "the listening socket's file is deleted once both ends exist");
            assertEquals(4, pair[0].write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})));
            ByteBuffer in = ByteBuffer.allocate(4);
            while (in.hasRemaining()) {
                pair[1].read(in);
            }
            assertEquals(0x01020304, in.flip().getInt());
            assertEquals(1, pair[1].write(ByteBuffer.wrap(new byte[] {9})));
            ByteBuffer back = ByteBuffer.allocate(1);
            while (back.hasRemaining()) {
                pair[0].read(back);
            }
            assertEquals(9, back.get(0));
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void aPathThatExistsIsRefusedAndLeftAsItWas(@TempDir Path dir) throws IOException {
        Path taken = Files.writeString(dir.resolve("taken"), "someone's file");
        assertThrows(IOException.class, () -> LocalSockets.pair(taken));
        assertEquals("someone's file", Files.readString(taken));
    }
}
