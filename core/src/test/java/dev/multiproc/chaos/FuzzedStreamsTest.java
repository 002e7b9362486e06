package dev.multiproc.chaos;

import dev.multiproc.SerializationException;
import dev.multiproc.connection.Client;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.ConnectionClosedException;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.connection.CorruptFrameException;
import dev.multiproc.connection.Listener;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Seeded random byte streams against a listener: before authentication (the handshake) and after
 * it (frames). Every stream ends in a typed exception, fast; nothing is decoded before
 * authentication; the listener keeps serving good clients. {@code -Dmultiproc.chaos.streams=N}
 * sets the streams per test (300 by default).
 */
class FuzzedStreamsTest {
    private static final int STREAMS = Integer.getInteger("multiproc.chaos.streams", 300);

    @Test
    @Timeout(600)
    void fuzzedHandshakesFailAsAuthenticationOrConnectionErrors() throws IOException {
        Random random = new Random(40);
        try (Listener listener = Listener.open()) {
            for (int i = 0; i < STREAMS; i++) {
                try (SocketChannel raw = connect(listener)) {
                    write(raw, randomStream(random, 300));
                }
                // a peer that never answers correctly is refused, whatever it sent
                ConnectionException refused = assertThrows(ConnectionException.class,
                        () -> listener.accept(Duration.ofSeconds(30)), "stream " + i);
                assertEquals(false, refused instanceof CorruptFrameException && !refused.getMessage().contains("auth"),
                        "stream " + i + ": " + refused);
            }
            assertGoodClientServed(listener);
        }
        System.out.printf("fuzzed handshakes: %d streams, all refused%n", STREAMS);
    }

    @Test
    @Timeout(600)
    void fuzzedFramesFailAsCorruptFramesOrSerializationErrors() throws IOException {
        Random random = new Random(41);
        byte[] valid = StandardCodec.INSTANCE.encode(List.of("a", 1, 2.0, new int[] {1, 2, 3}));
        int corrupt = 0;
        int undecodable = 0;
        try (Listener listener = Listener.open()) {
            for (int i = 0; i < STREAMS; i++) {
                try (SocketChannel raw = connect(listener)) {
                    Handshake.asClient(new FramedChannel(raw), JvmProcess.current().authkey());
                    ByteBuffer stream = random.nextBoolean() ? randomStream(random, 2000) : mutatedFrames(random, valid);
                    write(raw, stream);
                }
                try (Connection served = listener.accept(Duration.ofSeconds(30))) {
                    while (true) {
                        try {
                            served.recv();
                        } catch (SerializationException e) {
                            undecodable++;
                        } catch (CorruptFrameException e) {
                            corrupt++;
                            break;
                        } catch (ConnectionClosedException e) {
                            break;
                        }
                    }
                }
            }
            assertGoodClientServed(listener);
        }
        System.out.printf("fuzzed frames: %d streams, %d corrupt frames, %d undecodable messages, nothing else%n",
                STREAMS, corrupt, undecodable);
    }

    private static SocketChannel connect(Listener listener) throws IOException {
        SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX);
        raw.connect((UnixDomainSocketAddress) listener.address());
        return raw;
    }

    /** Random bytes, half of the time behind a plausible frame header. */
    private static ByteBuffer randomStream(Random random, int max) {
        byte[] bytes = new byte[random.nextInt(max)];
        random.nextBytes(bytes);
        ByteBuffer out = ByteBuffer.allocate(bytes.length + 8);
        if (random.nextBoolean()) {
            out.putLong(random.nextInt(bytes.length + 16));
        }
        return out.put(bytes).flip();
    }

    /** Well-framed copies of a valid message with a few bytes changed. */
    private static ByteBuffer mutatedFrames(Random random, byte[] valid) {
        int frames = 1 + random.nextInt(5);
        ByteBuffer out = ByteBuffer.allocate(frames * (8 + valid.length));
        for (int f = 0; f < frames; f++) {
            byte[] copy = valid.clone();
            for (int flips = random.nextInt(4); flips >= 0; flips--) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt();
            }
            out.putLong(copy.length).put(copy);
        }
        return out.flip();
    }

    private static void write(SocketChannel raw, ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                raw.write(bytes);
            }
        } catch (IOException refusedMidway) {
            // the listener may close first: that is one of the outcomes under test
        }
    }

    private static void assertGoodClientServed(Listener listener) {
        try (Connection client = Client.connect(listener.address()); Connection served = listener.accept()) {
            client.send("after the fuzzing");
            assertEquals("after the fuzzing", served.recv());
        }
    }
}
