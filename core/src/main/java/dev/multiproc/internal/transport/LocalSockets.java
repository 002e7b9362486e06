package dev.multiproc.internal.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two connected Unix-domain sockets within this JVM, made through a listening socket at a path
 * that is deleted as soon as the second end is accepted, so no other process can reach it.
 *
 * <p>Why not a socketpair(2): the JDK has none for {@code SocketChannel}; a listener bound for
 * one accept is the portable way, and it gives the same channel type every other connection has.
 */
public final class LocalSockets {
    private LocalSockets() {
    }

    /** A connected pair: {@code [0]} connected to {@code [1]}; {@code path} must not exist and is gone on return. */
    public static SocketChannel[] pair(Path path) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address, 1);
            try {
                SocketChannel mine = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    mine.connect(address);
                    return new SocketChannel[] {mine, server.accept()};
                } catch (IOException | RuntimeException e) {
                    mine.close();
                    throw e;
                }
            } finally {
                Files.deleteIfExists(path);
            }
        }
    }
}
