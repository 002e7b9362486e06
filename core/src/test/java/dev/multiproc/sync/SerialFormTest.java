package dev.multiproc.sync;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.shared.SharedLong;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every primitive survives the codec and still names the same shared words. */
class SerialFormTest {

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        return (T) StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(value));
    }

    @Test
    void copiesShareStateWithTheOriginal() throws Exception {
        try (ProcessLock lock = new ProcessLock();
             ReentrantProcessLock rlock = new ReentrantProcessLock();
             ProcessSemaphore sem = new BoundedProcessSemaphore(2);
             ProcessEvent event = new ProcessEvent();
             ProcessCondition cond = new ProcessCondition();
             ProcessBarrier barrier = new ProcessBarrier(1, null, Duration.ofSeconds(5));
             SharedLong value = new SharedLong(5)) {
            lock.lock();
            assertTrue(roundTrip(lock).isLocked());
            lock.unlock();

            ReentrantProcessLock rcopy = roundTrip(rlock);
            rcopy.lock();
            assertEquals(1, rlock.getHoldCount(), "copies in one JVM share the hold count");
            rlock.unlock();

            ProcessSemaphore scopy = roundTrip(sem);
            assertInstanceOf(BoundedProcessSemaphore.class, scopy);
            assertTrue(scopy.tryAcquire());
            assertEquals(1, sem.availablePermits());
            sem.release();

            event.set();
            assertTrue(roundTrip(event).isSet());

            ProcessCondition ccopy = roundTrip(cond);
            ccopy.lock();
            assertTrue(((ReentrantProcessLock) cond.getLock()).isHeldByCurrentThread());
            assertFalse(ccopy.await(Duration.ofMillis(1)));
            ccopy.unlock();

            assertEquals(0, roundTrip(barrier).await());

            SharedLong vcopy = roundTrip(value);
            assertEquals(6, vcopy.incrementAndGet());
            assertEquals(6, value.get());
            assertInstanceOf(ReentrantProcessLock.class, vcopy.getLock());
        }
    }
}
