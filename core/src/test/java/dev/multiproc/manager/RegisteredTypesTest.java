package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPython's {@code _TestMyManager}: user types registered with a manager, called through typed proxies. */
class RegisteredTypesTest {

    /** What a counter's proxies call. */
    public interface Counter {
        int increment();

        int get();

        /** Runs in the caller's process, calling {@link #increment()} on the server. */
        default int incrementTwice() {
            increment();
            return increment();
        }

        void fail(String message) throws IOException;

        void failUndeclared() throws IOException;
    }

    /** The served counter; calls from different client threads run at once, hence atomic. */
    public static final class AtomicCounter implements Counter {
        private final AtomicInteger value = new AtomicInteger();

        @Override
        public int increment() {
            return value.incrementAndGet();
        }

        @Override
        public int get() {
            return value.get();
        }

        @Override
        public void fail(String message) throws IOException {
            throw new IOException(message);
        }

        @Override
        public void failUndeclared() {
            throw new IllegalStateException("unchecked: " + value.get());
        }

        @Override
        public String toString() {
            return "AtomicCounter(" + value.get() + ")";
        }
    }

    /** One object shared by every create: Python's {@code register('get_queue', callable=lambda: queue)}. */
    static final class Shared {
        static final AtomicCounter COUNTER = new AtomicCounter();

        private Shared() {
        }
    }

    interface Hidden {
        int get();
    }

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture(() -> Manager.builder()
            .register("Counter", AtomicCounter::new)
            .register("shared", () -> Shared.COUNTER)
            .register("notACounter", () -> "a string")
            .start());

    @Test
    void aRegisteredTypeIsCalledThroughItsInterface() {
        Counter counter = MANAGER.get().create("Counter", Counter.class);
        assertEquals(1, counter.increment());
        assertEquals(3, counter.incrementTwice());
        assertEquals(3, counter.get());
        assertEquals("AtomicCounter(3)", counter.toString()); // the server object's
        Counter other = MANAGER.get().create("Counter", Counter.class);
        assertEquals(0, other.get());
        assertNotEquals(counter, other);
        assertEquals(counter, counter);
    }

    @Test
    void aTypedProxyReachesTheSameObjectFromChildren() {
        Counter counter = MANAGER.get().create("Counter", Counter.class);
        int n = 200;
        List<ChildProcess> children = Processes.start(
                () -> { for (int i = 0; i < n; i++) counter.increment(); },
                () -> { for (int i = 0; i < n; i++) counter.increment(); });
        Processes.joinAll(children);
        assertEquals(2 * n, counter.get());
    }

    @Test
    void aFactoryReturningOneObjectSharesIt() {
        Counter a = MANAGER.get().create("shared", Counter.class);
        Counter b = MANAGER.get().create("shared", Counter.class);
        int before = a.get();
        b.increment();
        assertEquals(before + 1, a.get());
    }

    @Test
    void exceptionsArriveAsThrownOnTheServer() {
        Counter counter = MANAGER.get().create("Counter", Counter.class);
        IOException declared = assertThrows(IOException.class, () -> counter.fail("disk full"));
        assertEquals("disk full", declared.getMessage());
        IllegalStateException unchecked = assertThrows(IllegalStateException.class, counter::failUndeclared);
        assertEquals("unchecked: 0", unchecked.getMessage());
        assertTrue(unchecked.getStackTrace()[0].getClassName().contains("AtomicCounter"),
                "the server's stack trace is kept");
    }

    @Test
    void aNestedTypedProxyKeepsItsIdentity() {
        Counter counter = MANAGER.get().create("Counter", Counter.class);
        ManagedDict<String, Counter> d = MANAGER.get().dict();
        d.put("c", counter);
        d.get("c").increment();
        assertEquals(1, counter.get());
        assertEquals(counter, d.get("c"));
    }

    @Test
    void badRegistrationsAreNamed() {
        ClassCastException notImplemented = assertThrows(ClassCastException.class,
                () -> MANAGER.get().create("notACounter", Counter.class));
        assertTrue(notImplemented.getMessage().contains("java.lang.String"), notImplemented.getMessage());
        IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
                () -> MANAGER.get().create("Counter", Hidden.class));
        assertTrue(hidden.getMessage().contains("not public"), hidden.getMessage());
        IllegalArgumentException notInterface = assertThrows(IllegalArgumentException.class,
                () -> MANAGER.get().create("Counter", AtomicCounter.class));
        assertTrue(notInterface.getMessage().contains("not an interface"), notInterface.getMessage());
    }

}
