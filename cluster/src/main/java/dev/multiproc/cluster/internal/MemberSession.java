package dev.multiproc.cluster.internal;

import dev.multiproc.SerializableFunction;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One driver session on one member: a pool of child JVMs made on the session's first chunk (so a
 * task timeout or a cancel kills the task's JVM for real, and each session's children start with
 * fresh classes), and the chunks running in it, by number, for cancellation.
 */
final class MemberSession {
    private final String id;
    private final String owner;
    private final int processes;
    private final long timeoutMillis;
    private final SessionClasses classes;
    private final ClassLoader loader;
    private final Map<Long, AsyncResult<?>> running = new ConcurrentHashMap<>();
    private volatile long lastActive = System.nanoTime();
    private Pool pool;
    private boolean closed;

    MemberSession(String id, String owner, int processes, long timeoutMillis, SessionClasses classes, ClassLoader loader) {
        this.loader = loader;
        this.id = id;
        this.owner = owner;
        this.processes = processes;
        this.timeoutMillis = timeoutMillis;
        this.classes = classes;
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    long lastActive() {
        return lastActive;
    }

    SessionClasses classes() {
        return classes;
    }

    /**
     * Runs a chunk in the session's child JVMs and waits for its outcomes. One task goes as a
     * local {@code apply}, which the calling thread sends straight to an idle child (no hop
     * through the pool's dispatcher thread); more go as one local map call of chunk-size tasks.
     * Either way a timeout is per task, as in a local pool.
     *
     * @throws IllegalStateException when the session is closed
     */
    @SuppressWarnings("unchecked")
    List<byte[]> run(long chunk, SerializableFunction<byte[], byte[]> runner, byte[][] items) {
        lastActive = System.nanoTime();
        Pool pool = pool();
        AsyncResult<?> result = items.length == 1 ? pool.applyAsync(runner, items[0])
                : pool.mapAsync(runner, Arrays.asList(items), items.length, null, null, null);
        running.put(chunk, result);
        try {
            Object outcomes = result.join();
            return items.length == 1 ? List.of((byte[]) outcomes) : (List<byte[]>) outcomes;
        } finally {
            running.remove(chunk);
        }
    }

    void cancel(long chunk) {
        AsyncResult<?> result = running.get(chunk);
        if (result != null) {
            result.cancel(true);
        }
    }

    private synchronized Pool pool() {
        if (closed) {
            throw new IllegalStateException("session " + id + " is closed");
        }
        if (pool == null) {
            // the pool's threads, which answer its children's class requests, inherit the driver classes loader
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                pool = Pool.builder().processes(processes)
                        .taskTimeout(timeoutMillis > 0 ? Duration.ofMillis(timeoutMillis) : null).build();
            } finally {
                thread.setContextClassLoader(before);
            }
        }
        return pool;
    }

    void close() {
        Pool toClose;
        synchronized (this) {
            closed = true;
            toClose = pool;
            pool = null;
        }
        if (toClose != null) {
            toClose.terminate();
        }
    }
}
