package dev.multiproc.pool;

import dev.multiproc.internal.pool.Job;
import dev.multiproc.internal.pool.ListCollector;
import dev.multiproc.internal.pool.PoolCore;
import dev.multiproc.internal.pool.Progress;
import dev.multiproc.internal.pool.StreamCollector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Pool}'s calls become jobs of its engine: the collector each kind of call needs
 * (a list, a stream, one value), Python's default chunk size, and the input checks that fail in
 * the caller before anything is sent.
 */
final class PoolJobs {
    private final PoolCore core;

    PoolJobs(PoolCore core) {
        this.core = core;
    }

    /** {@code map}, {@code starmap}: the results as one list in input order. */
    @SuppressWarnings("unchecked")
    <R> AsyncResult<List<R>> list(String call, Object fn, Iterable<?> items, int chunksize,
                                  ProgressListener progress, Consumer<? super List<R>> callback,
                                  Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(items, "items");
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize < 0: " + chunksize);
        }
        int size;
        if (items instanceof Collection) {
            size = ((Collection<?>) items).size();
        } else {
            List<Object> list = new ArrayList<>(); // as Python does, to know the length for the chunk size
            items.forEach(list::add);
            items = list;
            size = list.size();
        }
        if (chunksize == 0) {
            chunksize = Math.max(1, (int) Math.ceil(size / (4.0 * core.processes())));
        }
        Progress counter = new Progress(size, progress == null ? null : progress::update);
        ListCollector collector = new ListCollector(false, (Consumer<Object>) (Consumer<?>) callback,
                (Consumer<Throwable>) (Consumer<?>) errorCallback, counter);
        if (size == 0 && core.isRunning()) {
            collector.finished(0, 0); // empty input: the result is ready at once
            return new AsyncResult<>(core, null, collector.outcome());
        }
        Job job = core.submit(call, fn, items.iterator(), chunksize, collector);
        return new AsyncResult<>(core, job, collector.outcome());
    }

    /** {@code imap}, {@code imapUnordered}: results as they arrive; 0 for no bound on workers or read-ahead. */
    <R> ImapIterator<R> stream(String call, boolean ordered, Object fn, Iterable<?> items, int chunksize,
                               int maxWorkers, int maxAhead) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize < 1: " + chunksize);
        }
        long total = items instanceof Collection ? ((Collection<?>) items).size() : -1;
        int ahead = maxAhead > 0 ? maxAhead : Math.max(4 * core.processes(), 1024 / chunksize);
        StreamCollector collector = new StreamCollector(ordered, ahead, new Progress(total, null));
        Job job = core.submit(call, fn, items.iterator(), chunksize, maxWorkers, collector);
        return new ImapIterator<>(core, job, collector);
    }

    /** {@code apply}: one task, its argument encoded here so that an unserializable one fails the call. */
    <R> AsyncResult<R> one(String call, Object fn, Object arg, Consumer<Object> callback, Consumer<Throwable> errorCallback) {
        ListCollector collector = new ListCollector(true, callback, errorCallback, new Progress(1, null));
        Job job = core.submitOne(call, fn, arg, collector);
        return new AsyncResult<>(core, job, collector.outcome());
    }
}
