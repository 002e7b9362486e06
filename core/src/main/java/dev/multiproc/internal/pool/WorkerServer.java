package dev.multiproc.internal.pool;

import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.events.Events;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.internal.wire.FrameReader;
import dev.multiproc.pool.BrokenPoolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's Unix-domain socket, in the process tree's private runtime directory: workers connect,
 * prove that they hold the tree's authkey (the pool challenges them) and say hello; then one
 * reader thread per worker collects its results and hands them to the jobs.
 */
final class WorkerServer {
    private static final AtomicInteger SOCKETS = new AtomicInteger();

    private final PoolCore core;
    private final Path path;
    private final ServerSocketChannel server;
    /** Registered at JVM exit while the pool is open, removed when it closes: a closed pool leaves no trace. */
    private final Runnable closeAtExit = this::close;

    WorkerServer(PoolCore core) {
        this.core = core;
        JvmProcess jvm = JvmProcess.current();
        this.path = jvm.runtimeDir().resolve("p" + jvm.pid() + "-" + SOCKETS.incrementAndGet());
        try {
            Files.deleteIfExists(path);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the socket for the workers of " + core.name + " at " + path, e);
        }
        jvm.atExit(closeAtExit);
        Thread acceptor = new Thread(this::acceptLoop, "multiproc-" + core.name + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String path() {
        return path.toString();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            FramedChannel channel = null;
            try {
                channel = new FramedChannel(socket);
                admit(channel);
            } catch (IOException | RuntimeException e) {
                // a worker that died in its handshake: the channel's selectors hold descriptors too
                if (channel != null) {
                    channel.close();
                }
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing more to do for a peer that failed to connect
                }
            }
        }
    }

    private void admit(FramedChannel channel) {
        Handshake.challengeOnly(channel, JvmProcess.current().authkey()); // see WorkerLoop.connect
        FrameReader hello = new FrameReader(channel.read(), "pool");
        if (hello.getByte() != Protocol.HELLO) {
            throw new IllegalStateException("a worker must start with HELLO");
        }
        int id = hello.getInt();
        boolean initialized = hello.getByte() == 1;
        WorkerHandle worker;
        core.lock.lock();
        try {
            worker = worker(id);
            if (worker == null || worker.state != WorkerHandle.State.STARTING || core.state == PoolCore.State.TERMINATED) {
                channel.close(); // stopped while starting, or the pool is gone: it exits at end-of-stream
                return;
            }
            worker.channel = channel;
            if (initialized) {
                worker.state = WorkerHandle.State.READY;
                core.consecutiveStartFailures = 0;
                core.workAvailable.signalAll();
            }
        } finally {
            core.lock.unlock();
        }
        if (!initialized) {
            TaskFailure failure = TaskFailure.decode(hello.array(), hello.position() + 4, hello.skipBlock());
            core.breakPool(new BrokenPoolException("the initializer of " + core.name + " failed in " + worker.describe()
                    + ": " + failure.summary(), failure.rebuild()));
            return;
        }
        Thread reader = new Thread(() -> readResults(worker), "multiproc-" + core.name + "-worker-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    private void readResults(WorkerHandle worker) {
        FramedChannel channel = worker.channel;
        try {
            while (true) {
                byte[] frame = channel.read();
                FrameReader in = new FrameReader(frame, "pool");
                while (in.hasMore()) {
                    int kind = in.getByte();
                    if (kind == Protocol.RESULT) {
                        result(worker, in);
                    } else if (kind == Protocol.FATAL) {
                        in.getLong();
                        int length = in.skipBlock();
                        worker.fatal = TaskFailure.decode(frame, in.position() - length, length);
                    } else {
                        throw new IllegalStateException("unknown record " + kind + " from " + worker.describe());
                    }
                }
            }
        } catch (ConnectionException | IllegalStateException endOfStream) {
            // the worker exited or was stopped; its exit is handled by the supervisor
        } finally {
            channel.close();
            if (worker.process.isAlive()) {
                core.supervisor.stopLater(worker);
            }
        }
    }

    private void result(WorkerHandle worker, FrameReader in) {
        long chunkId = in.getLong();
        long nanos = in.getLong();
        int count = in.getInt();
        Chunk chunk;
        boolean stop = false;
        core.lock.lock();
        try {
            chunk = worker.inflight.peekFirst();
            if (chunk == null || chunk.id != chunkId) {
                throw new IllegalStateException(worker.describe() + " answered chunk " + chunkId + " out of order");
            }
            worker.inflight.poll();
            worker.lastResultNanos = System.nanoTime();
            chunk.job.recordChunkNanos(nanos);
            if (Events.taskRunEnabled()) {
                Events.taskRun(core.name, chunk.job.call, worker.process.pid(), chunk.firstTask, chunk.size,
                        Math.max(0, worker.lastResultNanos - chunk.createdNanos - nanos), nanos);
            }
            stop = worker.inflight.isEmpty() && worker.state == WorkerHandle.State.RETIRING;
            core.workAvailable.signalAll();
        } finally {
            core.lock.unlock();
        }
        Object[] values = new Object[count];
        TaskError[] errors = null;
        if (in.getByte() == Protocol.ALL_OK) {
            PackedValues.Reader reader = new PackedValues.Reader(in);
            // read once: the values are skipped or read whole, so the next record starts where it should
            boolean skip = chunk.cancelled;
            for (int i = 0; i < count && !skip; i++) {
                try {
                    values[i] = reader.next();
                } catch (dev.multiproc.SerializationException e) {
                    if (errors == null) {
                        errors = new TaskError[count];
                    }
                    errors[i] = TaskError.local(e);
                }
            }
            reader.skipRest();
        } else {
            errors = readEach(worker, chunk, in, values);
        }
        if (!chunk.cancelled) {
            chunk.job.collector.chunkDone(chunk, values, errors);
        }
        core.chunkSettled(chunk.job);
        if (stop) {
            core.lock.lock();
            try {
                core.supervisor.stop(worker);
            } finally {
                core.lock.unlock();
            }
        }
    }

    /** The per-task form of a RESULT: a status and a block per task; returns the errors, or null. */
    private static TaskError[] readEach(WorkerHandle worker, Chunk chunk, FrameReader in, Object[] values) {
        int count = values.length;
        TaskError[] errors = null;
        byte[] frame = in.array();
        for (int i = 0; i < count; i++) {
            int status = in.getByte();
            int length = in.skipBlock();
            int offset = in.position() - length;
            if (chunk.cancelled) {
                continue;
            }
            try {
                if (status == Protocol.OK) {
                    values[i] = StandardCodec.INSTANCE.decode(frame, offset, length);
                    continue;
                }
                TaskFailure failure = TaskFailure.decode(frame, offset, length);
                String context = "task " + (chunk.firstTask + i) + " of " + chunk.job.call;
                if (status == Protocol.UNSERIALIZABLE_RESULT) {
                    throw new dev.multiproc.SerializationException("the result of " + context + " cannot be sent back from "
                            + worker.describe() + ": " + failure.message(), failure.rebuild());
                }
                if (errors == null) {
                    errors = new TaskError[count];
                }
                errors[i] = TaskError.remote(context + " failed in " + worker.describe(), failure);
            } catch (dev.multiproc.SerializationException e) {
                if (errors == null) {
                    errors = new TaskError[count];
                }
                errors[i] = TaskError.local(e);
            }
        }
        return errors;
    }

    void close() {
        JvmProcess.current().removeAtExit(closeAtExit);
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the runtime directory is removed at exit regardless
        }
    }

    /** Under the pool lock: the worker with {@code id}, or null once it has left the pool. */
    private WorkerHandle worker(int id) {
        for (WorkerHandle w : core.workers) {
            if (w.id == id) {
                return w;
            }
        }
        return null;
    }
}
