package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.manager.served.LockObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waits on the server that their caller gives up: an interrupted waiter, or one whose process
 * dies, stops waiting on the server and takes nothing (no item, no lock).
 */
class ManagerWaitsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A queue that tells how many callers wait in it, so a test knows a take is under way on the server. */
    public interface ProbedQueue extends BlockingQueue<String> {
        int waiting();
    }

    /** A lock (any thread may release it) that tells how many callers wait for it. */
    public interface ProbedLock extends Lock {
        int waiting();
    }

    static final class ServedQueue extends LinkedBlockingQueue<String> implements ProbedQueue {
        private static final long serialVersionUID = 1L;
        private final AtomicInteger waiting = new AtomicInteger();

        @Override
        public String take() throws InterruptedException {
            waiting.incrementAndGet();
            try {
                return super.take();
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public int waiting() {
            return waiting.get();
        }
    }

    /** The manager's plain lock, counting the callers that wait in {@code lockInterruptibly} (as a served waiting call does). */
    static final class ServedLock extends LockObject implements ProbedLock {
        private final AtomicInteger waiting = new AtomicInteger();

        @Override
        public void lockInterruptibly() throws InterruptedException {
            waiting.incrementAndGet();
            try {
                super.lockInterruptibly();
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public int waiting() {
            return waiting.get();
        }
    }

    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture(() -> Manager.builder()
            .register("probedQueue", ServedQueue::new)
            .register("probedLock", ServedLock::new)
            .start());

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    /** Runs {@code body} on a thread of its own; the future says how it ended. */
    private static CompletableFuture<Object> onThread(java.util.concurrent.Callable<Object> body, Thread[] thread) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        thread[0] = new Thread(() -> {
            try {
                done.complete(body.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "waiter");
        thread[0].start();
        return done;
    }

    @Test
    void anInterruptedTakeStopsOnTheServerAndTakesNothing() throws Exception {
        ProbedQueue q = MANAGER.get().create("probedQueue", ProbedQueue.class);
        Thread[] waiter = new Thread[1];
        CompletableFuture<Object> take = onThread(q::take, waiter);
        awaitTrue("the take waits on the server", () -> q.waiting() == 1);

        waiter[0].interrupt();
        Throwable failure = assertThrows(Exception.class, () -> take.get(WAIT.toSeconds(), TimeUnit.SECONDS)).getCause();
        assertTrue(failure instanceof InterruptedException, "the take ends as an interrupted take: " + failure);
        awaitTrue("the wait on the server stopped", () -> q.waiting() == 0);
        waiter[0].join(WAIT.toMillis());

        q.put("item");
        assertEquals("item", q.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "the interrupted take took nothing");
        assertNull(q.poll());
    }

    @Test
    void anInterruptedAcquireLeavesTheLockFree() throws Exception {
        ProbedLock lock = MANAGER.get().create("probedLock", ProbedLock.class);
        lock.lock();
        Thread[] waiter = new Thread[1];
        CompletableFuture<Object> acquire = onThread(() -> {
            lock.lockInterruptibly();
            return "acquired";
        }, waiter);
        awaitTrue("the acquire waits on the server", () -> lock.waiting() == 1);

        waiter[0].interrupt();
        Throwable failure = assertThrows(Exception.class, () -> acquire.get(WAIT.toSeconds(), TimeUnit.SECONDS)).getCause();
        assertTrue(failure instanceof InterruptedException, "the acquire ends as an interrupted one: " + failure);
        waiter[0].join(WAIT.toMillis());
        awaitTrue("the wait on the server stopped", () -> lock.waiting() == 0);

        lock.unlock();
        assertTrue(lock.tryLock(), "the interrupted acquire left the lock free");
        lock.unlock();
    }

    @Test
    void theThreadStaysUsableAfterAnInterruptedWait() throws Exception {
        BlockingQueue<String> q = MANAGER.get().queue();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, q::take, "interrupted on entry: nothing is sent");
        assertFalse(Thread.currentThread().isInterrupted());
        q.put("next");
        assertEquals("next", q.take());
    }

    @Test
    void theServerStopsTheWaitOfAProcessThatDied() throws Exception {
        ProbedQueue q = MANAGER.get().create("probedQueue", ProbedQueue.class);
        ChildProcess child = new ChildProcess(() -> {
            try {
                q.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        child.start();
        try {
            awaitTrue("the child's take waits on the server", () -> q.waiting() == 1);
            child.kill();
            assertTrue(child.join(WAIT), "the child exits");
            awaitTrue("the dead child's wait stopped on the server", () -> q.waiting() == 0);
        } finally {
            child.kill();
            child.join(WAIT);
            child.close();
        }
        q.put("for the living");
        assertEquals("for the living", q.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "the dead child's take took nothing");
    }
}
