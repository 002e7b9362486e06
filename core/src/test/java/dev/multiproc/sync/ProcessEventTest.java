package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import dev.multiproc.MultiprocessingException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
    void anInterruptEndsTheWaitUncheckedAndKeepsTheInterruptStatus() throws Exception {
        try (ProcessEvent never = new ProcessEvent(); ProcessSemaphore none = new ProcessSemaphore(0)) {
            AtomicReference<Throwable> eventFailure = new AtomicReference<>();
            AtomicReference<Throwable> semaphoreFailure = new AtomicReference<>();
            AtomicBoolean statusKept = new AtomicBoolean();
            Thread waiter = new Thread(() -> {
                try {
                    never.await();
                } catch (RuntimeException e) {
                    eventFailure.set(e);
                    statusKept.set(Thread.interrupted());
                }
                Thread.currentThread().interrupt();
                try {
                    none.acquire();
                } catch (RuntimeException e) {
                    semaphoreFailure.set(e);
                }
            });
            waiter.start();
            waiter.interrupt(); // before or during the wait: an interrupt is not lost either way
            waiter.join(60_000);
            assertInstanceOf(MultiprocessingException.class, eventFailure.get());
            assertInstanceOf(InterruptedException.class, eventFailure.get().getCause());
            assertTrue(statusKept.get(), "the interrupt status stays set");
            assertInstanceOf(InterruptedException.class, semaphoreFailure.get().getCause());
        }
    }

    @Test
    void aChildSettingTheEventWakesTheParent() throws Exception {
        try (ProcessEvent event = new ProcessEvent(); ProcessEvent go = new ProcessEvent()) {
            ChildProcess child = new ChildProcess(() -> {
                Processes.check(go.await(Processes.JOIN), "go was never set");
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
