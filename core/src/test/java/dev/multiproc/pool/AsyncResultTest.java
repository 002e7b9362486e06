package dev.multiproc.pool;

import dev.multiproc.RemoteException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way of getting a result, as AsyncResult's table says, for pools and executors alike. */
class AsyncResultTest {
    static Pool pool;

    @BeforeAll
    static void startPool() {
        pool = new Pool(2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static int parse(String s) {
        return Integer.parseInt(s);
    }

    @Test
    void aTaskThatThrowsIsReportedByEachWayAsTheTableSays() throws Exception {
        AsyncResult<Integer> failed = pool.applyAsync(AsyncResultTest::parse, "x");
        RemoteException joined = assertThrows(RemoteException.class, failed::join);
        assertInstanceOf(NumberFormatException.class, joined.getCause());
        RemoteException timed = assertThrows(RemoteException.class, () -> failed.get(Duration.ofSeconds(60)));
        assertSame(joined.getCause(), timed.getCause());
        ExecutionException future = assertThrows(ExecutionException.class, failed::get);
        assertSame(joined.getCause(), future.getCause());
        assertThrows(ExecutionException.class, () -> failed.get(60, TimeUnit.SECONDS));
        assertTrue(failed.await(Duration.ofSeconds(60)), "wait(timeout) does not throw the failure");
        CompletionException completion = assertThrows(CompletionException.class, () -> failed.toCompletableFuture().join());
        assertSame(joined.getCause(), completion.getCause());
    }

    @Test
    void aResultNotReadyInTimeIsAnUncheckedTimeoutForPythonsGetAndTheJdksForFutureGet() {
        AsyncResult<Integer> slow = pool.applyAsync(PoolWorkerFailureTest::sleepThenSquare, 60_000);
        try {
            assertThrows(ResultTimeoutException.class, () -> slow.get(Duration.ofMillis(50)));
            assertThrows(TimeoutException.class, () -> slow.get(50, TimeUnit.MILLISECONDS));
            assertFalse(slow.await(Duration.ofMillis(50)));
        } finally {
            slow.cancel(true);
        }
    }

    @Test
    void theOriginalExceptionIsCaughtByItsOwnTypeThroughRethrowIf() {
        NumberFormatException original = assertThrows(NumberFormatException.class, () -> {
            try {
                pool.apply(AsyncResultTest::parse, "not a number");
            } catch (RemoteException e) {
                e.rethrowIf(IllegalStateException.class); // not this type: nothing happens
                e.rethrowIf(NumberFormatException.class);
                throw e;
            }
        });
        assertTrue(original.getMessage().contains("not a number"), original.getMessage());
        assertTrue(original.getStackTrace()[0].getClassName().startsWith("java.lang"), "the remote stack trace");
    }

    @Test
    void aCompletableFutureComposesAndItsCancellationCancelsTheTask() throws Exception {
        CompletableFuture<Integer> plusOne = pool.applyAsync(PoolTest::sqr, 7).toCompletableFuture().thenApply(x -> x + 1);
        assertEquals(50, plusOne.get(60, TimeUnit.SECONDS));

        AsyncResult<Integer> slow = pool.applyAsync(PoolWorkerFailureTest::sleepThenSquare, 60_000);
        CompletableFuture<Integer> future = slow.toCompletableFuture();
        assertTrue(future.cancel(true));
        assertThrows(CancellationException.class, () -> slow.get(Duration.ofSeconds(60)));
        assertTrue(slow.isCancelled());
        assertEquals(4, (int) pool.apply(PoolTest::sqr, 2), "the pool replaced the killed worker");
    }

    @Test
    void executorFuturesAreAsyncResultsWithTheSameWays() throws Exception {
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(1)) {
            AsyncResult<Integer> ok = executor.submit(() -> 6 * 7);
            assertEquals(42, ok.join());
            assertEquals(43, ok.toCompletableFuture().thenApply(x -> x + 1).get());
            AsyncResult<Integer> failed = executor.submit(() -> parse("y"));
            RemoteException e = assertThrows(RemoteException.class, () -> failed.get(Duration.ofSeconds(60)));
            assertInstanceOf(NumberFormatException.class, e.getCause());
            assertInstanceOf(NumberFormatException.class, assertThrows(ExecutionException.class, failed::get).getCause());
        }
    }
}
