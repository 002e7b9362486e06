package dev.multiproc.internal.queue;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Socket buffer sizes for queue connections.
 *
 * <p>Why larger than the default: a Unix-domain socket's send buffer (about 208 KiB by default)
 * bounds how much one side can write before the other side is woken to read, so a 1 MiB item
 * crossed in five or more hand-offs, each a wake-up of the peer's thread. With a few MiB the
 * writer moves whole batches and large items in one go. The kernel caps the value at
 * {@code net.core.wmem_max}; a smaller cap only costs speed.
 */
final class SocketBuffers {
    static final int SEND_BUFFER = 2 * 1024 * 1024;

    private SocketBuffers() {
    }

    static void enlarge(SocketChannel socket) {
        try {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            socket.setOption(StandardSocketOptions.SO_RCVBUF, SEND_BUFFER);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the defaults work, only slower
        }
    }
}
