package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process killed while waiting on a condition is not counted as a waiter, nor spent a signal on. */
class DeadWaiterTest {

    /** Starts a child that waits on {@code cond} for good, and kills it once it waits. */
    private static void killAWaiter(ProcessCondition cond, ProcessEvent waiting) throws Exception {
        ChildProcess waiter = new ChildProcess(() -> {
            cond.lock();
            try {
                waiting.set();
                cond.awaitUninterruptibly();
            } finally {
                cond.unlock();
            }
        });
        waiter.start();
        try {
            assertTrue(waiting.await(Processes.JOIN));
            cond.lock();     // the child holds the lock until it is inside await
            try {
                assertEquals(1, cond.getWaitQueueLength());
            } finally {
                cond.unlock();
            }
            waiter.kill();
            assertTrue(waiter.join(Processes.JOIN));
        } finally {
            waiter.close();
        }
    }

    @Test
    void aKilledWaiterLeavesTheWaitQueue() throws Exception {
        try (ProcessCondition cond = new ProcessCondition(); ProcessEvent waiting = new ProcessEvent()) {
            killAWaiter(cond, waiting);
            assertEquals(0, cond.getWaitQueueLength());
        }
    }

    @Test
    void aSignalGoesToALiveWaiterNotToAKilledOne() throws Exception {
        try (ProcessCondition cond = new ProcessCondition(); ProcessEvent waiting = new ProcessEvent()) {
            killAWaiter(cond, waiting);
            ProcessEvent liveWaiting = new ProcessEvent();
            CompletableFuture<Boolean> live = CompletableFuture.supplyAsync(() -> {
                cond.lock();
                try {
                    liveWaiting.set();
                    return cond.await(Duration.ofSeconds(60));
                } finally {
                    cond.unlock();
                }
            });
            try {
                assertTrue(liveWaiting.await(Processes.JOIN));
                cond.lock();
                try {
                    cond.signal();
                } finally {
                    cond.unlock();
                }
                assertTrue(live.get(10, TimeUnit.SECONDS), "the live waiter was not woken");
            } finally {
                liveWaiting.close();
            }
        }
    }
}
