package dev.multiproc.internal.codec;

import dev.multiproc.SerializableFunction;
import dev.multiproc.SerializationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lambda that captured {@code this} of a class: the error says so, and which member use made it. */
class CaptureHintTest {

    /** Not serializable; its lambdas use a field and a method of the instance. */
    static final class Greeter {
        private final String prefix;

        Greeter(String prefix) {
            this.prefix = prefix; // not a constant, which the compiler would copy into the lambda
        }

        String shout(String s) {
            return s.toUpperCase();
        }

        SerializableFunction<String, String> readsField() {
            return name -> prefix + name;
        }

        SerializableFunction<String, String> callsMethodAndReadsField() {
            return name -> shout(name) + prefix.length();
        }
    }

    @Test
    void namesTheFieldThatMadeTheLambdaCaptureThis() {
        String message = failureOf(new Greeter("hello ").readsField());
        assertTrue(message.contains("captures 'this' of Greeter because it reads prefix: copy the fields it uses"
                + " into local variables, or make the method static"), message);
    }

    @Test
    void namesEveryMemberUseInTheOrderOfTheCode() {
        String message = failureOf(new Greeter("hello ").callsMethodAndReadsField());
        assertTrue(message.contains("captures 'this' of Greeter because it calls shout(), reads prefix:"), message);
    }

    @Test
    void aCapturedLocalOfAnotherClassIsNotCalledThis() {
        Thread captured = Thread.currentThread();
        String message = failureOf((SerializableFunction<String, String>) name -> captured.getName() + name);
        assertTrue(message.contains("java.lang.Thread is not Serializable"), message);
        assertFalse(message.contains("captures 'this'"), message);
    }

    private static String failureOf(Object lambda) {
        return assertThrows(SerializationException.class, () -> StandardCodec.INSTANCE.encode(lambda)).getMessage();
    }
}
