package dev.multiproc.queue;

import dev.multiproc.internal.queue.QueueAddress;
import dev.multiproc.internal.queue.QueueEngine;
import dev.multiproc.internal.queue.RemoteQueue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One handle per queue per process: a queue received twice (as an argument, then inside a
 * message) is the same object, sharing one connection and one prefetch buffer, and in the owner it
 * is the very object that was created, so {@code ==} holds across a round trip.
 */
final class QueueRegistry {
    private static final Map<Long, Object> OWNED = new ConcurrentHashMap<>();
    private static final Map<String, Object> REMOTE = new ConcurrentHashMap<>();

    private QueueRegistry() {
    }

    /** The serialized form of {@code handle}; its queue becomes reachable from other processes. */
    static SerializedQueue share(Object handle, QueueEngine engine, int kind) {
        QueueAddress address = engine.address();
        if (address.ownerPid() == ProcessHandle.current().pid()) {
            OWNED.putIfAbsent(address.queueId(), handle);
        }
        return new SerializedQueue(address, kind);
    }

    static Object resolve(QueueAddress address, int kind) {
        if (address.ownerPid() == ProcessHandle.current().pid()) {
            Object owned = OWNED.get(address.queueId());
            if (owned != null) {
                return owned;
            }
        }
        String key = address.ownerPid() + ":" + address.queueId();
        return REMOTE.compute(key, (k, existing) -> existing != null && !isClosed(existing) ? existing : create(address, kind));
    }

    private static boolean isClosed(Object handle) {
        return handle instanceof SimpleQueue ? ((SimpleQueue<?>) handle).isClosed() : ((ProcessQueue<?>) handle).isClosed();
    }

    private static Object create(QueueAddress address, int kind) {
        RemoteQueue engine = new RemoteQueue(address);
        engine.connectSoon();
        switch (kind) {
            case SerializedQueue.JOINABLE: return new JoinableQueue<>(engine);
            case SerializedQueue.SIMPLE: return new SimpleQueue<>(engine);
            default: return new ProcessQueue<>(engine);
        }
    }
}
