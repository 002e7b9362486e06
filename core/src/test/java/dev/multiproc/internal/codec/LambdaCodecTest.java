package dev.multiproc.internal.codec;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaCodecTest {
    private static final StandardCodec CODEC = StandardCodec.INSTANCE;

    interface SerializableSupplier<T> extends Supplier<T>, Serializable {
    }

    interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
    }

    static String shout(String s) {
        return s.toUpperCase() + "!";
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(Object lambda) {
        byte[] encoded = CODEC.encodeLambda(lambda);
        assertNotNull(encoded, "a lambda of values takes the lambda form");
        assertEquals(StandardCodec.LAMBDA, encoded[0]);
        return (T) CODEC.decode(encoded);
    }

    @Test
    void capturedValuesOfEveryImmutableTypeComeBack() {
        String s = "text";
        int i = 42;
        long l = 1L << 40;
        double d = 2.5;
        boolean b = true;
        char c = 'x';
        String none = null;
        SerializableSupplier<String> lambda = () -> s + i + l + d + b + c + none;
        Supplier<String> copy = roundTrip(lambda);
        assertEquals(lambda.get(), copy.get());
    }

    @Test
    void methodReferencesAndNestedLambdasComeBack() {
        SerializableFunction<String, String> ref = LambdaCodecTest::shout;
        SerializableSupplier<String> outer = () -> ref.apply("hi");
        Supplier<String> copy = roundTrip(outer);
        assertEquals("HI!", copy.get());
    }

    @Test
    void aLambdaCapturingAMutableObjectIsLeftToJdkSerialization() {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        SerializableSupplier<Integer> lambda = list::size;
        assertNull(CODEC.encodeLambda(lambda));
        Supplier<Integer> copy = (Supplier<Integer>) CODEC.decode(CODEC.encode(lambda));
        assertEquals(1, copy.get());
    }

    @Test
    void anythingButALambdaIsNotEncodedThisWay() {
        assertNull(CODEC.encodeLambda("a string"));
        assertNull(CODEC.encodeLambda(null));
        assertNull(CODEC.encodeLambda(new SerializableRunnable() {
            @Override
            public void run() {
            }
        }));
        Runnable notSerializable = () -> { };
        assertNull(CODEC.encodeLambda(notSerializable));
    }

    @Test
    void anUnknownCapturingClassIsATypedErrorNamingIt() {
        SerializableSupplier<String> lambda = () -> "x";
        byte[] encoded = CODEC.encodeLambda(lambda);
        String name = LambdaCodecTest.class.getName();
        String text = new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf(name);
        assertTrue(at > 0);
        // same length, so the UTF length prefix still fits: a class that does not exist
        encoded[at + name.length() - 1] = (byte) '_';
        SerializationException e = assertThrows(SerializationException.class, () -> CODEC.decode(encoded));
        assertTrue(e.getMessage().contains(name.substring(0, name.length() - 1) + "_"), e.getMessage());
    }

    @Test
    void aTruncatedLambdaIsATypedError() {
        SerializableSupplier<String> lambda = () -> "x";
        byte[] encoded = CODEC.encodeLambda(lambda);
        byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length / 2);
        assertThrows(SerializationException.class, () -> CODEC.decode(cut));
    }
}
