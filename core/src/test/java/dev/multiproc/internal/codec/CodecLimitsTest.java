package dev.multiproc.internal.codec;

import dev.multiproc.SerializationException;
import dev.multiproc.connection.MessageTooLargeException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input to the codec fails with a {@link SerializationException}, fast and without exhausting
 * memory; a value too large for one message fails in the sender with a
 * {@link MessageTooLargeException} that names the limit.
 */
class CodecLimitsTest {
    private static final StandardCodec CODEC = StandardCodec.INSTANCE;
    /** The tag byte of a JDK-serialized body. */
    private static final byte JAVA = 127;

    @Test
    void aTruncatedBodyIsASerializationException() {
        // float, short, byte and char tags with no body: the 1-byte message 0b among them
        for (byte tag = 8; tag <= 11; tag++) {
            byte[] message = {tag};
            assertThrows(SerializationException.class, () -> CODEC.decode(message), "tag " + tag);
        }
    }

    @Test
    void seededRandomMessagesFailOnlyAsSerializationExceptions() {
        Random random = new Random(23);
        byte[] valid = CODEC.encode(new ArrayList<>(List.of(1, "two", 3.0)));
        int inputs = Integer.getInteger("multiproc.chaos.codecInputs", 20_000);
        for (int i = 0; i < inputs; i++) {
            byte[] message;
            if (i % 2 == 0) {
                message = new byte[random.nextInt(48)];
                random.nextBytes(message);
                if (message.length > 0) {
                    message[0] = (byte) random.nextInt(17);
                }
            } else {
                message = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    message[1 + random.nextInt(message.length - 1)] = (byte) random.nextInt();
                }
            }
            try {
                CODEC.decode(message);
            } catch (SerializationException expected) {
                // the promised type
            } catch (RuntimeException | Error e) {
                throw new AssertionError("input " + i + " " + java.util.Arrays.toString(message) + " failed with " + e, e);
            }
        }
    }

    @Test
    void aSerializedArrayClaimingGigabytesIsRejectedBeforeAllocation() throws IOException {
        // the array's length comes right before its one element: 8 bytes of a long, or the 4 of
        // the string "x" (tag, 2-byte length, 1 byte)
        for (Object array : new Object[] {new long[] {7}, new Object[] {"x"}}) {
            byte[] message = javaMessage(array);
            int lengthAt = message.length - 4 - (array instanceof long[] ? 8 : 4);
            assertEquals(1, ByteBuffer.wrap(message).getInt(lengthAt));
            ByteBuffer.wrap(message).putInt(lengthAt, Integer.MAX_VALUE - 8);
            SerializationException rejected = assertThrows(SerializationException.class, () -> CODEC.decode(message));
            assertTrue(String.valueOf(rejected.getMessage()).contains("filter"), rejected.getMessage());
        }
    }

    @Test
    void aCollectionClaimingAHugeSizeIsRejectedBeforeAllocation() throws IOException {
        ArrayList<String> list = new ArrayList<>(List.of("x"));
        byte[] message = javaMessage(list);
        // ArrayList writes its size twice (field and count); claim a huge count in both
        int patched = 0;
        for (int i = 1; i + 4 <= message.length; i++) {
            if (ByteBuffer.wrap(message).getInt(i) == 1) {
                ByteBuffer.wrap(message).putInt(i, 400_000_000);
                patched++;
            }
        }
        assertTrue(patched >= 1);
        assertThrows(SerializationException.class, () -> CODEC.decode(message));
    }

    @Test
    void ordinaryLargeValuesStillDecode() {
        long[] longs = new long[1 << 20];
        longs[longs.length - 1] = 42;
        ArrayList<Integer> many = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            many.add(i);
        }
        Object[] nested = {many, new int[100_000], new java.util.HashMap<>(java.util.Map.of("k", many))};
        assertArrayEquals(longs, (long[]) CODEC.decode(CODEC.encode(longs)));
        Object[] back = (Object[]) CODEC.decode(CODEC.encode(nested));
        assertEquals(many, back[0]);
        assertEquals(100_000, ((int[]) back[1]).length);
    }

    @Test
    void aPrimitiveArrayTooLargeForOneMessageNamesTheLimit() {
        assumeTrue(Runtime.getRuntime().maxMemory() > (5L << 30), "needs a heap that holds a 2 GiB array");
        long[] huge = new long[(int) (MessageTooLargeException.LIMIT / 8) + 1];
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> CODEC.encode(huge));
        assertTrue(e.getMessage().contains(String.valueOf(MessageTooLargeException.LIMIT)), e.getMessage());
        assertTrue(e.getMessage().contains("shared memory"), e.getMessage());
    }

    private static byte[] javaMessage(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(JAVA);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject((Serializable) value);
        }
        return bytes.toByteArray();
    }

}
