package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestEvent}. */
class ProcessEventTest {

    @Test
    void setClearAndTimedWaits() throws Exception {
        try (ProcessEvent event = new ProcessEvent()) {
            assertFalse(event.isSet());
            long start = System.nanoTime();
            assertFalse(event.await(Duration.ZERO));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
            start = System.nanoTime();
            assertFalse(event.await(Duration.ofMillis(200)));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(190) && elapsed < TimeUnit.SECONDS.toNanos(5));

            event.set();
            assertTrue(event.isSet());
            start = System.nanoTime();
            assertTrue(event.await(), "Python's wait() returns True");
            assertTrue(event.await(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "a set event does not block");

            event.clear();
            assertFalse(event.isSet());
        }
    }

    @Test
    void aChildSettingTheEventWakesTheParent() throws Exception {
        try (ProcessEvent event = new ProcessEvent(); ProcessEvent go = new ProcessEvent()) {
            ChildProcess child = new ChildProcess(() -> {
                try {
                    Processes.check(go.await(Processes.JOIN), "go was never set");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                event.set();
            });
            child.start();
            assertFalse(event.isSet());
            go.set();
            assertTrue(event.await(Processes.JOIN));
            Processes.join(child);
            assertEquals(true, event.isSet());
        }
    }
}
