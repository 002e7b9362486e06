package dev.multiproc.connection;

import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frame header alone cannot make the receiver allocate the gigabytes its length claims. */
class FrameAllocationTest {

    @Test
    void aHeaderClaiming2GiBCostsTheReceiverOnlyWhatArrives() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path path = JvmProcess.current().runtimeDir().resolve("l-alloc");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SocketChannel sender = SocketChannel.open(UnixDomainSocketAddress.of(path));
                 FramedChannel receiver = new FramedChannel(server.accept())) {
                sender.write(ByteBuffer.allocate(8 + 10).putLong(FramedChannel.MAX_ARRAY_FRAME).flip());
                sender.close();

                long before = threads.getCurrentThreadAllocatedBytes();
                assertThrows(CorruptFrameException.class, receiver::read);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < 64 << 20, "allocated " + allocated + " bytes for 18 bytes received");
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
