package dev.multiproc.internal.queue;

import dev.multiproc.internal.spawn.ServiceSocket;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves this JVM's shared queues to the other processes of the tree, on the JVM's process-server
 * socket ({@link ServiceSocket}): one listening socket for every queue it owns, authenticated with
 * the tree's authkey, nothing extra in the runtime directory.
 *
 * <p>A queue is registered here the first time a handle to it is serialized, and stays served
 * until this JVM exits: any process may still hold a handle (Python's queue also outlives its
 * creator's {@code close()} for the processes that use it). A queue never shared costs nothing.
 */
public final class QueueHub {
    /** "Queu" as a negative long: the hello a queue client sends after the handshake. */
    static final long SERVICE_ID = -0x51756575L;
    private static final AtomicLong IDS = new AtomicLong();
    private static volatile QueueHub instance;

    private final Map<Long, QueueCore> shared = new ConcurrentHashMap<>();
    private final Path path;

    private QueueHub() {
        ServiceSocket.register(SERVICE_ID, channel -> {
            Thread session = new Thread(new HubSession(channel, this), "multiproc-queue-session");
            session.setDaemon(true);
            session.start();
        });
        this.path = ServiceSocket.openHere();
    }

    public static QueueHub get() {
        QueueHub hub = instance;
        if (hub == null) {
            synchronized (QueueHub.class) {
                if (instance == null) {
                    instance = new QueueHub();
                }
                hub = instance;
            }
        }
        return hub;
    }

    /** A process-wide unique id for a new queue. */
    public static long newQueueId() {
        return IDS.incrementAndGet();
    }

    /** Makes {@code core} reachable from other processes; returns the socket they connect to. */
    public Path share(QueueCore core) {
        shared.putIfAbsent(core.id(), core);
        return path;
    }

    QueueCore core(long id) {
        return shared.get(id);
    }
}
