package dev.multiproc.internal.spawn;

import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.internal.wire.FrameBuilder;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A running child's end of its control connection: class requests to the parent from any thread,
 * and the exit report at the end.
 *
 * <p>One thread of its own does all the I/O, taking one request at a time and reading its answer,
 * because the connection is a blocking channel: a thread interrupted in a blocking read or write
 * closes such a channel ({@link java.nio.channels.InterruptibleChannel}), and a class may be loaded
 * by any thread of the user's, interrupted or not. Callers wait without being interruptible.
 *
 * <p>A child that read its run request on stdin connects only when it first has something to say
 * ({@link #lazy}): most processes exit with status 0 and never need to, and opening the JVM's
 * first Unix-domain socket and authenticating were a sixth of a fresh child's start+join
 * (alternating builds: 135-151 ms with them, 112-122 ms without).
 *
 * <p>Never a hang: the parent answers every request (with "not found" and where it looked when it
 * has nothing), and when the parent is gone the connection ends, which fails every request waiting.
 */
final class ParentLink {
    /** Where and how to call back, for a link that connects at its first message; else null. */
    private final Bootstrap callBack;
    private final long parentPid;
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();
    private volatile RuntimeException broken;
    private volatile boolean connected;
    /** Touched by the I/O thread only, once connected. */
    private FramedChannel channel;
    private long nextId;

    private ParentLink(FramedChannel channel, Bootstrap callBack, long parentPid) {
        this.channel = channel;
        this.callBack = callBack;
        this.parentPid = parentPid;
        this.connected = channel != null;
    }

    /** Starts the I/O thread of the connection, which the child has authenticated and read its RunRequest from. */
    static ParentLink start(FramedChannel channel, long parentPid) {
        return serve(new ParentLink(channel, null, parentPid));
    }

    /** A link that connects back as {@code bootstrap} says when its first message is sent. */
    static ParentLink lazy(Bootstrap bootstrap) {
        return serve(new ParentLink(null, bootstrap, bootstrap.parentPid()));
    }

    private static ParentLink serve(ParentLink link) {
        Thread thread = new Thread(link.new Serve(), "multiproc-parent-link");
        thread.setDaemon(true);
        thread.start();
        return link;
    }

    /**
     * Connects to the parent's process server and authenticates (the parent challenges, this child
     * answers); the caller then says hello.
     */
    static FramedChannel connect(Bootstrap bootstrap, SocketChannel socket) throws IOException {
        socket.connect(UnixDomainSocketAddress.of(bootstrap.serverPath()));
        FramedChannel channel = FramedChannel.blocking(socket);
        Handshake.answerOnly(channel, bootstrap.authkey());
        return channel;
    }

    /** Presents this child's token: the parent matches the connection to the child it started. */
    static void hello(FramedChannel channel, long token) {
        byte[] hello = new FrameBuilder(Long.BYTES).putLong(token).toByteArray();
        channel.write(hello, 0, hello.length);
    }

    long parentPid() {
        return parentPid;
    }

    /** True once the control connection is open (always, for a link made with {@link #start}). */
    boolean connected() {
        return connected;
    }

    /**
     * Asks the parent for the class file of {@code name}.
     *
     * @throws ClassNotFoundException when the parent cannot be asked (the connection has ended)
     */
    ClassBytes fetch(String name) throws ClassNotFoundException {
        Outgoing request = new Outgoing(name, null);
        try {
            return (ClassBytes) send(request);
        } catch (RuntimeException e) {
            ClassNotFoundException failure = new ClassNotFoundException("class " + name + " is not available in process "
                    + ProcessHandle.current().pid() + " and its parent process " + parentPid
                    + " cannot be asked for it: " + e.getMessage(), e);
            throw failure;
        }
    }

    /** Sends the child's last message; throws when the parent is gone. */
    void report(ExitReport report) {
        send(new Outgoing(null, ControlMessage.encode(report)));
    }

    private Object send(Outgoing message) {
        RuntimeException failure = broken;
        if (failure != null) {
            throw failure;
        }
        outgoing.add(message);
        try {
            return message.done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
    }

    private void serve() {
        while (true) {
            Outgoing message;
            try {
                message = outgoing.take();
            } catch (InterruptedException e) {
                continue; // nobody may stop this thread but the end of the connection
            }
            try {
                message.done.complete(exchange(message));
            } catch (RuntimeException e) {
                broken = e;
                message.done.completeExceptionally(e);
                for (Outgoing left; (left = outgoing.poll()) != null; ) {
                    left.done.completeExceptionally(e);
                }
                // requests added after this see 'broken'; one added in between is failed here
                while (true) {
                    try {
                        outgoing.take().done.completeExceptionally(e);
                    } catch (InterruptedException ignored) {
                        // keep failing late requests
                    }
                }
            }
        }
    }

    private Object exchange(Outgoing message) {
        if (channel == null) {
            channel = open();
        }
        if (message.className == null) {
            channel.write(message.frame, 0, message.frame.length);
            return null;
        }
        long id = ++nextId;
        byte[] frame = ControlMessage.encode(new ClassRequest(id, message.className));
        channel.write(frame, 0, frame.length);
        while (true) {
            Object answer = ControlMessage.decode(channel.read());
            if (answer instanceof ClassBytes && ((ClassBytes) answer).id() == id) {
                return answer;
            }
            // nothing else is sent to a running child; an unexpected message is skipped
        }
    }

    private FramedChannel open() {
        SocketChannel socket = null;
        try {
            socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            FramedChannel opened = connect(callBack, socket);
            hello(opened, callBack.token());
            connected = true;
            return opened;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e; // the handshake's own error says what went wrong
            }
            throw new ConnectionException("cannot connect back to the parent process " + parentPid + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // failing already
            }
        }
    }

    /** The I/O thread's body; a class, not a method reference: see ChildMain on lambdas early in a child. */
    private final class Serve implements Runnable {
        @Override
        public void run() {
            serve();
        }
    }

    /** A class request ({@code className} set) or a frame to send as it is. */
    private static final class Outgoing {
        final String className;
        final byte[] frame;
        final CompletableFuture<Object> done = new CompletableFuture<>();

        Outgoing(String className, byte[] frame) {
            this.className = className;
            this.frame = frame;
        }
    }
}
