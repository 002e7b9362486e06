package dev.multiproc.internal.warmup;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.internal.transport.LocalSockets;
import dev.multiproc.queue.ProcessQueue;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedMemory;
import dev.multiproc.sync.ProcessLock;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What the child that dumps the {@link ClassDataArchive} runs, so that the archive holds what
 * children go on to load: every class of the library (pool workers, queues, locks, shared memory,
 * connections), and the JDK classes behind them, which the library's own paths load on first use
 * (Unix-domain sockets, memory-mapped files, serialization of lambdas).
 *
 * <p>Why: a child loads, parses and verifies each class it uses the first time, inside whatever it
 * is doing; measured, a child's first {@code SharedMemory.attach} took ~24 ms where CPython's takes
 * 0.3 ms, and a queue's producer loaded its classes inside the timed loop. Best effort throughout:
 * anything that fails here only leaves a class out of the archive.
 */
final class ArchiveWorkload {
    private ArchiveWorkload() {
    }

    static void run() {
        exerciseLambdas();
        loadLibraryClasses();
        exercise(ArchiveWorkload::exerciseHandshake);
        exercise(ArchiveWorkload::exerciseConnections);
        exercise(ArchiveWorkload::exerciseSharedMemory);
        exercise(ArchiveWorkload::exerciseQueue);
    }

    /**
     * A child decodes its target, a serialized lambda, before anything else. A pool worker's
     * target captures a socket path, a worker id and an initializer: a lambda of the same shape
     * here makes the JVM keep the method-handle forms that linking it needs in the archive
     * (serializable lambdas' own classes are never archived), which a worker otherwise generates
     * with ASM in the interpreter (five forms, ~10 ms of a worker's start on 2 busy cores).
     */
    private static void exerciseLambdas() {
        SerializableRunnable lambda = () -> { };
        StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(lambda));
        String path = "";
        int id = 1;
        SerializableRunnable shaped = () -> capture(path, id, lambda);
        StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(shaped));
    }

    private static void capture(String path, int id, SerializableRunnable initializer) {
        // only the lambda's shape matters
    }

    /** Loads (without initialising) every class of the jar that holds the library. */
    private static void loadLibraryClasses() {
        Path jar;
        try {
            jar = Path.of(ArchiveWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            return; // classes in a directory: no archive is made for those anyway
        }
        ClassLoader loader = ArchiveWorkload.class.getClassLoader();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("dev/multiproc/") && name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // a class that needs what is not on this classpath
                    }
                }
            }
        } catch (IOException e) {
            // nothing to add
        }
    }

    /**
     * A pool worker answers its pool's challenge ({@link Handshake#answerOnly}): SHA-256 and the
     * security providers, which the JDK's image holds but its own archive does not.
     */
    private static void exerciseHandshake() throws Exception {
        byte[] key = JvmProcess.current().authkey();
        Path path = JvmProcess.current().runtimeDir().resolve("w-" + ProcessHandle.current().pid());
        SocketChannel[] pair = LocalSockets.pair(path);
        try (FramedChannel server = new FramedChannel(pair[0]); FramedChannel client = new FramedChannel(pair[1])) {
            Thread challenger = new Thread(() -> Handshake.challengeOnly(server, key), "multiproc-archive-handshake");
            challenger.setDaemon(true);
            challenger.start();
            Handshake.answerOnly(client, key);
            challenger.join(HANDSHAKE_WAIT_MILLIS);
        }
    }

    private static final long HANDSHAKE_WAIT_MILLIS = 10_000;

    private static void exerciseConnections() {
        try (Pipe pipe = Pipe.open()) {
            Connection a = pipe.left();
            Connection b = pipe.right();
            // an idle connection's reader parks in a selector, as a pool worker does between tasks
            b.poll(Duration.ofMillis(2));
            a.send(42);
            b.recv();
            a.sendBytes(new byte[1024]);
            b.recvBytes();
        }
    }

    private static void exerciseSharedMemory() {
        try (SharedMemory block = SharedMemory.create(1 << 16); SharedInt counter = SharedInt.raw(0);
             ProcessLock lock = new ProcessLock()) {
            try (SharedMemory same = SharedMemory.attach(block.name())) {
                same.buffer().asLongBuffer().get(new long[16]);
            }
            lock.lock();
            counter.incrementAndGet();
            lock.unlock();
            block.unlink();
        }
    }

    private static void exerciseQueue() throws InterruptedException {
        try (ProcessQueue<Object> queue = new ProcessQueue<>()) {
            queue.put(1);
            queue.put(new byte[1024]);
            queue.take();
            queue.take();
        }
    }

    private interface Exercise {
        void run() throws Exception;
    }

    private static void exercise(Exercise exercise) {
        try {
            exercise.run();
        } catch (Exception | LinkageError e) {
            // only an optimisation
        }
    }
}
