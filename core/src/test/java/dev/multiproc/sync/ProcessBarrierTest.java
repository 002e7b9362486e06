package dev.multiproc.sync;

import dev.multiproc.ChildProcess;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestBarrier}: lockstep passes, indices, the action, abort, reset, timeout. */
class ProcessBarrierTest {
    static final int N = 3;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Python's {@code multipass}: every party appends, then passes, {@code passes} times. */
    static void multipass(ProcessBarrier barrier, SharedInt before, SharedInt after, int passes) {
        for (int i = 0; i < passes; i++) {
            before.incrementAndGet();
            Processes.check(after.get() == i * N, "pass " + i + ": after = " + after.get());
            barrier.await();
            after.incrementAndGet();
            Processes.check(before.get() == (i + 1) * N, "pass " + i + ": before = " + before.get());
            barrier.await();
        }
        Processes.check(!barrier.isBroken(), "broken after passes");
    }

    @Test
    void partiesInProcessesPassInLockstepTenTimes() {
        try (ProcessBarrier barrier = new ProcessBarrier(N, null, DEFAULT_TIMEOUT);
             SharedInt before = SharedInt.raw(); SharedInt after = SharedInt.raw()) {
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                ChildProcess p = new ChildProcess(() -> multipass(barrier, before, after, 10));
                p.start();
                children.add(p);
            }
            multipass(barrier, before, after, 10);
            Processes.joinAll(children);
            assertEquals(10 * N, before.get());
            assertEquals(10 * N, after.get());
            assertEquals(0, barrier.getNumberWaiting());
        }
    }

    @Test
    void eachPartyGetsADistinctIndexAndTheActionRunsOncePerRound() throws Exception {
        try (SharedInt actions = SharedInt.raw(); SharedIntArray indexCounts = SharedIntArray.raw(N)) {
            ProcessBarrier barrier = new ProcessBarrier(N, actions::incrementAndGet, DEFAULT_TIMEOUT);
            try (barrier) {
                List<ChildProcess> children = new ArrayList<>();
                for (int i = 0; i < N - 1; i++) {
                    ChildProcess p = new ChildProcess(() -> {
                        for (int round = 0; round < 2; round++) {
                            indexCounts.incrementAndGet(barrier.await());
                        }
                    });
                    p.start();
                    children.add(p);
                }
                for (int round = 0; round < 2; round++) {
                    indexCounts.incrementAndGet(barrier.await());
                }
                Processes.joinAll(children);
                assertEquals(2, actions.get());
                int[] expected = new int[N];
                Arrays.fill(expected, 2);
                assertArrayEquals(expected, indexCounts.toArray(), "each index 0..N-1 once per round");
            }
        }
    }

    @Test
    void aFailingActionThrowsInTheLastPartyAndBreaksTheBarrierForTheOthers() throws Exception {
        try (SharedInt brokenSeen = SharedInt.raw();
             ProcessBarrier barrier = new ProcessBarrier(2, () -> {
                 throw new IllegalStateException("action failed");
             }, DEFAULT_TIMEOUT)) {
            ChildProcess child = new ChildProcess(() -> {
                try {
                    barrier.await();
                } catch (BarrierBrokenException expected) {
                    brokenSeen.incrementAndGet();
                }
            });
            child.start();
            while (barrier.getNumberWaiting() < 1) {
                Thread.onSpinWait();    // the child arrives first, so the parent runs the action
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, barrier::await);
            assertEquals("action failed", e.getMessage());
            Processes.join(child);
            assertEquals(1, brokenSeen.get());
            assertTrue(barrier.isBroken());
        }
    }

    @Test
    void abortBreaksWaitersAndLaterCallsUntilReset() throws Exception {
        try (ProcessBarrier barrier = new ProcessBarrier(N, null, DEFAULT_TIMEOUT);
             SharedInt brokenSeen = SharedInt.raw()) {
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                ChildProcess p = new ChildProcess(() -> {
                    try {
                        barrier.await();
                    } catch (BarrierBrokenException e) {
                        brokenSeen.incrementAndGet();
                    }
                });
                p.start();
                children.add(p);
            }
            while (barrier.getNumberWaiting() < N - 1) {
                Thread.onSpinWait();    // polling shared state, not sleeping for time
            }
            barrier.abort();
            Processes.joinAll(children);
            assertEquals(N - 1, brokenSeen.get());
            assertTrue(barrier.isBroken());
            assertThrows(BarrierBrokenException.class, barrier::await);
            barrier.reset();
            assertFalse(barrier.isBroken());
            assertEquals(0, barrier.getNumberWaiting());
        }
    }

    @Test
    void resetBreaksCurrentWaitersAndTheBarrierIsUsableAgain() throws Exception {
        try (ProcessBarrier barrier = new ProcessBarrier(N, null, DEFAULT_TIMEOUT);
             SharedInt resetSeen = SharedInt.raw();
             SharedInt passed = SharedInt.raw();
             ProcessBarrier afterReset = new ProcessBarrier(N, null, DEFAULT_TIMEOUT)) {
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                ChildProcess p = new ChildProcess(() -> {
                    try {
                        barrier.await();
                    } catch (BarrierBrokenException e) {
                        resetSeen.incrementAndGet();
                    }
                    afterReset.await();      // everyone past the reset
                    barrier.await();         // and the barrier works again
                    passed.incrementAndGet();
                });
                p.start();
                children.add(p);
            }
            while (barrier.getNumberWaiting() < N - 1) {
                Thread.onSpinWait();
            }
            barrier.reset();
            afterReset.await();
            barrier.await();
            passed.incrementAndGet();
            Processes.joinAll(children);
            assertEquals(N - 1, resetSeen.get());
            assertEquals(N, passed.get());
            assertFalse(barrier.isBroken());
        }
    }

    @Test
    void aTimeoutBreaksTheBarrierForEveryParty() throws Exception {
        try (ProcessBarrier barrier = new ProcessBarrier(N, null, DEFAULT_TIMEOUT); SharedInt brokenSeen = SharedInt.raw()) {
            ChildProcess child = new ChildProcess(() -> {
                try {
                    barrier.await();
                } catch (BarrierBrokenException e) {
                    brokenSeen.incrementAndGet();
                }
            });
            child.start();
            while (barrier.getNumberWaiting() < 1) {
                Thread.onSpinWait();
            }
            // only two of three parties ever arrive
            BarrierBrokenException e = assertThrows(BarrierBrokenException.class,
                    () -> barrier.await(Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            Processes.join(child);
            assertEquals(1, brokenSeen.get());
            assertTrue(barrier.isBroken());
        }
    }

    @Test
    void theDefaultTimeoutOfAPartiesAndTimeoutBarrierBreaksIt() throws Exception {
        try (ProcessBarrier barrier = new ProcessBarrier(2, Duration.ofMillis(200))) {
            assertEquals(2, barrier.getParties());
            BarrierBrokenException e = assertThrows(BarrierBrokenException.class, barrier::await, "no second party comes");
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(barrier.isBroken());
        }
    }

    @Test
    void aBarrierNeedsAParty() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessBarrier(0));
    }
}
