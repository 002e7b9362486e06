package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The driver's side of {@link ClassChannel}: a thread that takes the members' signed requests for
 * class files of this session and answers each with the file, found where the driver's own code
 * finds it: the loaders of the functions submitted (a script's or a test's loader), the loader
 * that was the context loader when the pool was made, and the system loader.
 */
public final class ClassServer implements AutoCloseable {
    private final HazelcastInstance hazelcast;
    private final Signer signer;
    private final String session;
    private final List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    public ClassServer(HazelcastInstance hazelcast, Signer signer, String session) {
        this.hazelcast = hazelcast;
        this.signer = signer;
        this.session = session;
        remember(Thread.currentThread().getContextClassLoader());
        remember(ClassLoader.getSystemClassLoader());
        this.thread = new Thread(this::serve, "multiproc-cluster-classes " + session);
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes the classes of {@code loader} available to the members (the loader of a submitted function). */
    public void remember(ClassLoader loader) {
        if (loader != null && !loaders.contains(loader)) {
            loaders.add(0, loader);
        }
    }

    private void serve() {
        IQueue<byte[]> requests = hazelcast.getQueue(ClassChannel.requests(session));
        IMap<String, byte[]> answers = hazelcast.getMap(ClassChannel.answers(session));
        while (!closed) {
            try {
                byte[] request = requests.poll(200, TimeUnit.MILLISECONDS);
                String name = request == null ? null : ClassChannel.requestedName(signer, session, request);
                if (name != null) {
                    answers.set(name, answer(name));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException clientGone) {
                if (closed || !hazelcast.getLifecycleService().isRunning()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(String name) {
        String resource = name.replace('.', '/') + ".class";
        Set<ClassLoader> asked = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> searched = new ArrayList<>();
        for (ClassLoader loader : loaders) {
            if (!asked.add(loader)) {
                continue;
            }
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    return ClassChannel.found(signer, session, name, in.readAllBytes());
                }
            } catch (IOException | RuntimeException unreadable) {
                // try the next
            }
            searched.add("loader " + (loader.getName() != null ? loader.getName() : loader.getClass().getName()));
        }
        return ClassChannel.notFound(signer, session, name, "driver process " + ProcessHandle.current().pid() + ": "
                + String.join(", ", searched));
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
