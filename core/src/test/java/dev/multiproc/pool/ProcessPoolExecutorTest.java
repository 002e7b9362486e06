package dev.multiproc.pool;

import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessPoolExecutorTest {

    @Test
    void submitInvokeAllInvokeAnyAndShutdown() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(2);
        try {
            assertEquals(42, executor.submit(() -> 6 * 7).get());
            Future<?> none = executor.submit((dev.multiproc.SerializableRunnable) () -> { });
            assertEquals(null, none.get());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> executor.submit(() -> Integer.parseInt("x")).get());
            assertInstanceOf(NumberFormatException.class, e.getCause());
            Callable<Integer> plain = () -> 1;
            assertThrows(SerializationException.class, () -> executor.submit(plain));
            List<SerializableCallable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
            List<Future<Integer>> all = executor.invokeAll(tasks);
            assertEquals(List.of(1, 2, 3), List.of(all.get(0).get(), all.get(1).get(), all.get(2).get()));
            int any = executor.invokeAny(List.<SerializableCallable<Integer>>of(() -> {
                throw new IllegalStateException("no");
            }, () -> 5));
            assertEquals(5, any);
        } finally {
            executor.shutdown();
        }
        assertThrows(IllegalStateException.class, () -> executor.submit(() -> 1));
        assertTrue(executor.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(executor.isTerminated());
    }

    @Test
    void shutdownNowKillsRunningWorkAndReturnsTheRest() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        assertEquals(1, executor.submit(() -> 1).get()); // the worker is up: the next task starts at once
        Future<Integer> running = executor.submit(() -> PoolWorkerFailureTest.sleepThenSquare(60_000));
        SerializableCallable<Integer> waiting = () -> 1;
        executor.submit(waiting);
        List<Runnable> never = executor.shutdownNow();
        assertEquals(1, never.size());
        assertThrows(CancellationException.class, running::get);
        assertTrue(executor.awaitTermination(60, TimeUnit.SECONDS));
    }
}
