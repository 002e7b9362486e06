package dev.multiproc.internal.queue;

import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;
import dev.multiproc.queue.QueueClosedException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link RemoteQueue}'s connection to the queue's owner as it is opened, and the words for its
 * loss.
 *
 * <p>Opening is: the socket, the handshake that proves both ends share the authkey, the queue hub's
 * service id, then {@code OPEN} with the path of a fresh {@link ConsumedCounter} file, which the
 * owner maps (and both ends delete at once, so none is left behind). The owner answers
 * {@code OPENED}, with a slab when the connection opens for a large put.
 */
final class OwnerConnection {
    /** The connection, handshake done and {@code OPENED} read. */
    final FramedChannel channel;
    /** This handle's side of the count of leased items it has disposed of. */
    final ConsumedCounter counter;
    /** The slab granted with the answer to a first large put, mapped; null when none (puts go inline). */
    final SlabRing granted;

    private OwnerConnection(FramedChannel channel, ConsumedCounter counter, SlabRing granted) {
        this.channel = channel;
        this.counter = counter;
        this.granted = granted;
    }

    /**
     * Connects to the owner of {@code address}; {@code firstPut} is the size of the item about to
     * be put (0 for other operations), so that the owner can hand a producer of large items its
     * slab at once. Nothing is left open when this throws.
     *
     * @throws QueueClosedException when the owner answers that the queue cannot be used
     * @throws IOException          when the owner cannot be reached (see {@link #describeLoss})
     */
    static OwnerConnection open(QueueAddress address, int firstPut) throws IOException {
        Path counterFile = null;
        FramedChannel c = null;
        try {
            SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            socket.connect(UnixDomainSocketAddress.of(address.socketPath()));
            SocketBuffers.enlarge(socket);
            c = new FramedChannel(socket);
            Handshake.answerOnly(c, JvmProcess.current().authkey());
            byte[] hello = new FrameBuilder(8).putLong(QueueHub.SERVICE_ID).toByteArray();
            c.write(hello, 0, hello.length);
            counterFile = ConsumedCounter.createFile(JvmProcess.current().runtimeDir());
            ConsumedCounter counter = ConsumedCounter.map(counterFile);
            byte[] open = new FrameBuilder(128).putByte(Wire.OPEN).putLong(address.queueId())
                    .putInt(firstPut).putTrailingString(counterFile.toString()).toByteArray();
            c.write(open, 0, open.length);
            FrameReader answer = Wire.reader(c.read());
            if (answer.getByte() != Wire.OPENED) {
                answer.getLong();
                throw new QueueClosedException(address.describe() + " cannot be used: " + answer.getTrailingString());
            }
            answer.skip(5); // maxsize and joinable: the address carries them already
            SlabRing granted = answer.hasMore() ? mapGranted(answer.getInt(), answer.getTrailingString()) : null;
            return new OwnerConnection(c, counter, granted);
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            throw e;
        } finally {
            if (counterFile != null) {
                ConsumedCounter.delete(counterFile); // the owner has mapped it, or never will
            }
        }
    }

    /** Maps the slab the owner granted for this process's puts; null, and puts stay inline, if it cannot. */
    static SlabRing mapGranted(int id, String name) {
        try {
            return new SlabRing(Slab.attach(id, name));
        } catch (RuntimeException cannotMap) {
            return null; // only an optimisation: the owner removes the unused slab with the connection
        }
    }

    /**
     * Why the queue at {@code address} cannot be used any more after {@code cause}: its owner
     * exited (then its socket file is removed here, as a killed owner could not), or the connection
     * was lost while it lives.
     */
    static String describeLoss(QueueAddress address, Exception cause) {
        boolean ownerAlive = ProcessHandle.of(address.ownerPid()).map(OwnerConnection::stillAlive).orElse(false);
        if (ownerAlive) {
            return "queue closed: lost the connection to the owner of " + address.describe() + ": " + cause;
        }
        try {
            Files.deleteIfExists(Path.of(address.socketPath()));
        } catch (IOException ignored) {
            // another process removed it
        }
        return "queue closed: " + address.describe() + " is gone because its owner, process "
                + address.ownerPid() + ", exited";
    }

    /**
     * An owner closes its connections only as it exits (or the kernel does when it dies), so the
     * end of a connection is given a moment to turn into the owner's exit before it is called a
     * lost connection.
     */
    private static boolean stillAlive(ProcessHandle owner) {
        try {
            owner.onExit().get(2, TimeUnit.SECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return owner.isAlive();
        } catch (ExecutionException e) {
            return owner.isAlive();
        }
    }
}
