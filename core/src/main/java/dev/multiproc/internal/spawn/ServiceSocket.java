package dev.multiproc.internal.spawn;

import dev.multiproc.internal.transport.FramedChannel;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Lets other subsystems serve their own connections on this JVM's process-server socket
 * ({@code s-<pid>} in the runtime directory) instead of opening a socket file of their own.
 *
 * <p>Why share: one listening socket per JVM keeps the runtime directory small and needs no extra
 * cleanup; the socket already authenticates every caller with the tree's authkey. A client
 * connects to {@link #path(long)} of the serving process, answers the challenge
 * ({@link dev.multiproc.internal.transport.Handshake#answerOnly}) and sends an 8-byte hello
 * holding a service id; ids are negative so that they never collide with the positive start tokens
 * of children.
 */
public final class ServiceSocket {
    private static final Map<Long, Consumer<FramedChannel>> SERVICES = new ConcurrentHashMap<>();

    private ServiceSocket() {
    }

    /** Routes authenticated connections whose hello is {@code serviceId} (negative) to {@code handler}. */
    public static void register(long serviceId, Consumer<FramedChannel> handler) {
        if (serviceId >= 0) {
            throw new IllegalArgumentException("service ids are negative, got " + serviceId);
        }
        SERVICES.put(serviceId, handler);
    }

    /** Opens this JVM's socket if needed and returns its path. */
    public static Path openHere() {
        return ProcessServer.get().path();
    }

    /** Where the process {@code pid} of this tree listens (whether or not it has opened its socket). */
    public static Path path(Path runtimeDir, long pid) {
        return ProcessServer.socketPath(runtimeDir, pid);
    }

    static Consumer<FramedChannel> handler(long hello) {
        return hello < 0 ? SERVICES.get(hello) : null;
    }
}
