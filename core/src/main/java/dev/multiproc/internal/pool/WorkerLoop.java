package dev.multiproc.internal.pool;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.SerializationException;
import dev.multiproc.connection.ConnectionClosedException;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.spawn.ParentGone;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The body of a pool worker, run in a child JVM: connect to the pool, run the initializer, then
 * run the chunks received, in order, answering each with its results, until the pool closes the
 * connection.
 *
 * <p>An {@link OutOfMemoryError} (or another {@link VirtualMachineError} but a stack overflow)
 * leaves the JVM in no state to go on: the worker reports it as best it can and halts, and the
 * pool fails the task with a {@code WorkerDiedException} and starts a fresh worker.
 */
public final class WorkerLoop implements SerializableRunnable {
    private static final long serialVersionUID = 1L;
    private static volatile int currentWorkerId;

    private final String socketPath;
    private final int workerId;
    private final SerializableRunnable initializer;

    WorkerLoop(String socketPath, int workerId, SerializableRunnable initializer) {
        this.socketPath = socketPath;
        this.workerId = workerId;
        this.initializer = initializer;
    }

    /**
     * A worker's target as a lambda of plain values (the socket path, the id and the initializer),
     * so that a fresh worker decodes it without JDK serialization (see {@code LambdaCodec}):
     * decoding the {@code WorkerLoop} object itself made each worker set up the serial filter's
     * configuration, {@code ObjectInputStream} and reflective accessors, ~80-100 ms of its start.
     * An initializer that is not a lambda of values still travels by JDK serialization.
     */
    static SerializableRunnable target(String socketPath, int workerId, SerializableRunnable initializer) {
        return () -> new WorkerLoop(socketPath, workerId, initializer).run();
    }

    /** The id of the pool worker this code runs in, or 0 outside a pool worker. */
    public static int currentWorkerId() {
        return currentWorkerId;
    }

    @Override
    public void run() {
        currentWorkerId = workerId;
        FramedChannel channel = connect();
        try {
            FrameBuilder hello = new FrameBuilder(64).putByte(Protocol.HELLO).putInt(workerId);
            Throwable initFailure = initialize();
            if (initFailure == null) {
                hello.putByte(1);
            } else {
                hello.putByte(0).putBlock(TaskFailure.of(initFailure).encode());
            }
            channel.write(hello.array(), 0, hello.size());
            if (initFailure == null) {
                serve(channel);
            }
        } finally {
            // closed before run() returns, so that no thread sits in a native read at JVM exit
            channel.close();
        }
    }

    private FramedChannel connect() {
        try {
            SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            socket.connect(UnixDomainSocketAddress.of(socketPath));
            FramedChannel channel = new FramedChannel(socket);
            // The pool challenges, the worker answers; the worker does not challenge back, as a
            // child calling its parent does not (Handshake.challengeOnly): it learnt the socket's
            // path from its parent's stdin, and the socket is in the tree's private runtime
            // directory. Challenging back made each worker seed a SecureRandom and wait one more
            // round trip before its hello.
            Handshake.answerOnly(channel, JvmProcess.current().authkey());
            return channel;
        } catch (IOException | ConnectionException e) {
            String what = "pool worker " + workerId + " cannot connect to its pool at " + socketPath;
            if (poolGone(e)) {
                throw new ParentGone(what + ": the pool is closed", e); // the worker exits silently
            }
            if (e instanceof ConnectionException) {
                throw new ConnectionException(what + ": " + e.getMessage(), e);
            }
            throw new UncheckedIOException(what, (IOException) e);
        }
    }

    /** The pool closed (or its process exited) before this worker connected: no socket, or nobody at it. */
    private boolean poolGone(Exception e) {
        return e instanceof ConnectException || e instanceof ConnectionClosedException
                || !Files.exists(Path.of(socketPath));
    }

    private Throwable initialize() {
        if (initializer == null) {
            return null;
        }
        try {
            initializer.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private static void serve(FramedChannel channel) {
        Map<Long, Object> functions = new HashMap<>();
        FrameBuilder out = new FrameBuilder(64 * 1024);
        while (true) {
            byte[] frame;
            try {
                frame = channel.read();
            } catch (ConnectionException closedByPool) {
                return;
            }
            FrameReader in = new FrameReader(frame, "pool");
            while (in.hasMore()) {
                int kind = in.getByte();
                switch (kind) {
                    case Protocol.FUNCTION: {
                        long id = in.getLong();
                        int length = in.skipBlock();
                        functions.put(id, decodeFunction(frame, in.position() - length, length));
                        break;
                    }
                    case Protocol.FORGET:
                        functions.remove(in.getLong());
                        break;
                    case Protocol.CHUNK:
                        runChunk(in, functions, out, channel);
                        channel.write(out.array(), 0, out.size());
                        break;
                    default:
                        throw new IllegalStateException("unknown pool record " + kind);
                }
            }
        }
    }

    private static Object decodeFunction(byte[] frame, int offset, int length) {
        try {
            return StandardCodec.INSTANCE.decode(frame, offset, length);
        } catch (RuntimeException e) {
            return e; // every task of this function fails with it
        }
    }

    /**
     * Runs one chunk and leaves its RESULT record in {@code out}. {@code channel} is where a fatal
     * error is reported before the JVM halts.
     */
    private static void runChunk(FrameReader in, Map<Long, Object> functions, FrameBuilder out, FramedChannel channel) {
        long chunkId = in.getLong();
        long fnId = in.getLong();
        PackedValues.Reader args = new PackedValues.Reader(in);
        int count = args.count();
        Object fn = functions.get(fnId);
        long start = System.nanoTime();
        Object[] results = new Object[count];
        // failures[i]: the encoded TaskFailure of task i; null while every task succeeds
        byte[][] failures = null;
        for (int i = 0; i < count; i++) {
            try {
                results[i] = PackedValues.encodeEarly(runTask(args, fn, fnId));
            } catch (StackOverflowError e) {
                failures = failed(failures, count, i, e);
            } catch (VirtualMachineError e) {
                halt(channel, chunkId, e);
                return;
            } catch (Throwable e) {
                failures = failed(failures, count, i, e);
            }
        }
        long nanos = System.nanoTime() - start;
        out.reset();
        out.putByte(Protocol.RESULT).putLong(chunkId).putLong(nanos).putInt(count);
        int mark = out.size();
        boolean packed = false;
        if (failures == null) {
            out.putByte(Protocol.ALL_OK);
            try {
                PackedValues.write(out, results, count);
                packed = true;
            } catch (PackedValues.IndexedSerializationException unserializable) {
                out.truncate(mark); // the per-task form below reports which result could not be sent
            }
        }
        if (!packed) {
            writeEach(out, results, failures, count);
        }
    }

    /**
     * One task. A method of its own, not the loop's body: the JIT compiles a method after a few
     * hundred calls, while a loop body waits for tens of thousands of iterations (on-stack
     * replacement), so a fresh worker's first chunks ran interpreted.
     */
    @SuppressWarnings("unchecked")
    private static Object runTask(PackedValues.Reader args, Object fn, long fnId) {
        Object arg = args.next(); // first: the reader moves past the argument whatever follows
        if (fn instanceof RuntimeException) {
            throw (RuntimeException) fn;
        } else if (fn == null) {
            throw new IllegalStateException("the pool sent a task for unknown function " + fnId);
        }
        return ((Function<Object, Object>) fn).apply(arg);
    }

    private static byte[][] failed(byte[][] failures, int count, int index, Throwable e) {
        byte[][] all = failures != null ? failures : new byte[count][];
        all[index] = TaskFailure.of(e).encode();
        return all;
    }

    /** The results one by one, each with its status: the form for a chunk with a failure. */
    private static void writeEach(FrameBuilder out, Object[] results, byte[][] failures, int count) {
        out.putByte(Protocol.EACH);
        for (int i = 0; i < count; i++) {
            if (failures != null && failures[i] != null) {
                out.putByte(Protocol.RAISED).putBlock(failures[i]);
                continue;
            }
            out.putByte(Protocol.OK);
            if (results[i] instanceof PackedValues.Encoded) {
                out.putBlock(((PackedValues.Encoded) results[i]).bytes);
                continue;
            }
            if (PackedValues.putFixed(out, results[i])) {
                continue;
            }
            out.unputByte();
            byte[] encoded;
            try {
                encoded = StandardCodec.INSTANCE.encode(results[i]);
            } catch (SerializationException e) {
                out.putByte(Protocol.UNSERIALIZABLE_RESULT).putBlock(TaskFailure.of(e).encode());
                continue;
            }
            out.putByte(Protocol.OK).putBlock(encoded);
        }
    }

    private static void halt(FramedChannel channel, long chunkId, VirtualMachineError error) {
        try {
            FrameBuilder fatal = new FrameBuilder(256).putByte(Protocol.FATAL).putLong(chunkId)
                    .putBlock(TaskFailure.of(error).encode());
            channel.write(fatal.array(), 0, fatal.size());
        } catch (Throwable ignored) {
            // the exit status still tells the pool that this worker died
        }
        Runtime.getRuntime().halt(Protocol.FATAL_EXIT);
    }
}
