package dev.multiproc.spi;

import dev.multiproc.SerializableFunction;
import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A function handed to the pool with its bytes: workers run the function itself, never the carrier. */
class PreEncodedFunctionTest {

    /** Says which class ran it. */
    static final class Describe implements SerializableFunction<Integer, String> {
        private static final long serialVersionUID = 1L;
        private final String tag;

        Describe(String tag) {
            this.tag = tag;
        }

        @Override
        public String apply(Integer x) {
            return getClass().getSimpleName() + ":" + tag + ":" + x;
        }
    }

    @Test
    void workersRunTheFunctionDecodedFromTheGivenBytes() {
        Describe local = new Describe("as encoded");
        byte[] bytes = ValueCodec.encode(local);
        // the carrier's own function differs: the bytes, not it, are what travels
        PreEncodedFunction<Integer, String> carrier = new PreEncodedFunction<>(new Describe("in the carrier"), bytes);
        try (Pool pool = new Pool(1)) {
            assertEquals(List.of("Describe:as encoded:1", "Describe:as encoded:2"), pool.map(carrier, List.of(1, 2)));
        }
    }

    @Test
    void serializedItselfTheCarrierBecomesItsFunction() {
        Describe function = new Describe("x");
        PreEncodedFunction<Integer, String> carrier = new PreEncodedFunction<>(function, ValueCodec.encode(function));
        Object copy = ValueCodec.decode(ValueCodec.encode(carrier));
        assertInstanceOf(Describe.class, copy);
        assertEquals("Describe:x:7", carrier.apply(7), "in this process the carrier runs its function");
    }
}
