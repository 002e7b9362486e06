package dev.multiproc.internal.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Collects the results of {@code map}, {@code starmap} and {@code apply}: all or nothing, in input
 * order. The first failure decides the outcome at once (Python's map fails as soon as one task
 * does); tasks already running still finish, the rest are not dispatched.
 *
 * <p>Callbacks run before waiters are woken, on a pool thread, as in Python: keep them short.
 */
public final class ListCollector implements Collector {
    private final boolean single;
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final List<Object[]> chunks = new ArrayList<>();
    private Consumer<Object> onSuccess;
    private Consumer<Throwable> onError;
    private final Progress progress;

    public ListCollector(boolean single, Consumer<Object> onSuccess, Consumer<Throwable> onError, Progress progress) {
        this.single = single;
        this.onSuccess = onSuccess;
        this.onError = onError;
        this.progress = progress;
    }

    /** Completes with the list (or the single value), or exceptionally with a {@link TaskError}. */
    public CompletableFuture<Object> outcome() {
        return outcome;
    }

    public Progress progress() {
        return progress;
    }

    @Override
    public void chunkDone(Chunk chunk, Object[] values, TaskError[] errors) {
        if (errors != null) {
            for (TaskError error : errors) {
                if (error != null) {
                    fail(error);
                    break;
                }
            }
        } else {
            synchronized (this) {
                while (chunks.size() <= chunk.index) {
                    chunks.add(null);
                }
                chunks.set(chunk.index, values);
            }
        }
        progress.advance(chunk.size);
    }

    @Override
    public void chunkFailed(Chunk chunk, TaskError error) {
        fail(error);
        progress.advance(chunk.size);
    }

    @Override
    public void inputFailed(int chunkIndex, long firstTask, TaskError error) {
        fail(error);
    }

    @Override
    public void finished(int chunkCount, long tasks) {
        progress.total(tasks);
        Object value;
        synchronized (this) {
            if (outcome.isDone()) {
                return;
            }
            if (single) {
                value = chunks.isEmpty() ? null : chunks.get(0)[0];
            } else {
                Object[] all = new Object[(int) tasks];
                int at = 0;
                for (Object[] part : chunks) {
                    System.arraycopy(part, 0, all, at, part.length);
                    at += part.length;
                }
                value = Collections.unmodifiableList(Arrays.asList(all));
            }
        }
        Consumer<Object> callback = takeSuccess();
        if (callback != null) {
            runCallback(() -> callback.accept(value));
        }
        outcome.complete(value);
    }

    @Override
    public void abort(TaskError error) {
        fail(error);
    }

    private void fail(TaskError error) {
        if (outcome.isDone()) {
            return;
        }
        Consumer<Throwable> callback;
        synchronized (this) {
            callback = onError;
            onError = null;
            onSuccess = null;
        }
        if (callback != null && !error.isCancellation()) {
            runCallback(() -> callback.accept(error.failure()));
        }
        outcome.completeExceptionally(error);
    }

    private synchronized Consumer<Object> takeSuccess() {
        Consumer<Object> callback = onSuccess;
        onSuccess = null;
        onError = null;
        return callback;
    }

    private static void runCallback(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            System.err.println("multiproc: a pool callback threw: " + e);
            e.printStackTrace();
        }
    }

    @Override
    public boolean wantsMore(int chunksCreated) {
        return !outcome.isDone();
    }

    @Override
    public boolean isDecided() {
        return outcome.isDone();
    }
}
