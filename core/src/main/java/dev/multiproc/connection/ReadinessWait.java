package dev.multiproc.connection;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.transport.Acceptor;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One call of {@link Connections#wait}: a selector over the connected sockets, woken by whatever
 * cannot be selected (a process exit, a pipe end's or listener's background acceptor).
 *
 * <p>Each round checks every object without blocking, then registers them all, checks again (a
 * readiness that arrived in between has already called {@link Selector#wakeup()}, so nothing is
 * lost) and selects until the deadline.
 */
final class ReadinessWait<T> {
    /** One completion callback per process future, however many waits watch it. */
    private static final Map<CompletableFuture<?>, List<Runnable>> EXIT_WAKERS = new WeakHashMap<>();

    private final List<T> objects;

    ReadinessWait(Collection<? extends T> objects) {
        this.objects = new ArrayList<>(objects);
        for (T object : this.objects) {
            if (!(object instanceof Connection || object instanceof ChildProcess || object instanceof Listener)) {
                throw new IllegalArgumentException("cannot wait on " + object + (object == null ? "" : " (" + object.getClass().getName()
                        + ")") + ": expected a Connection, a ChildProcess or a Listener");
            }
        }
    }

    List<T> await(Duration timeout) {
        long timeoutNanos = timeout == null ? -1 : Math.max(0, nanos(timeout));
        long deadline = System.nanoTime() + timeoutNanos;
        List<T> ready = readyNow();
        if (!ready.isEmpty() || timeoutNanos == 0 || objects.isEmpty() && timeoutNanos < 0) {
            return ready;
        }
        Selector selector;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new ConnectionException("cannot open a selector for wait(): " + e, e);
        }
        Runnable waker = selector::wakeup;
        List<Acceptor> acceptors = new ArrayList<>();
        List<CompletableFuture<?>> exits = new ArrayList<>();
        try {
            while (true) {
                register(selector, waker, acceptors, exits);
                ready = readyNow();
                if (!ready.isEmpty()) {
                    return ready;
                }
                if (register(selector, waker, acceptors, exits)) {
                    // the check bound a pipe end to its peer's socket just now: watch it, then check again
                    continue;
                }
                long millis = 0;
                if (timeoutNanos >= 0) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return ready;
                    }
                    millis = Math.max(1, (remaining + 999_999) / 1_000_000);
                }
                selector.select(millis);
                selector.selectedKeys().clear();
                if (Thread.currentThread().isInterrupted()) {
                    throw new ConnectionException("interrupted in wait()", new InterruptedException());
                }
            }
        } catch (IOException e) {
            throw new ConnectionException("wait() failed: " + e, e);
        } finally {
            acceptors.forEach(a -> a.removeWaker(waker));
            for (CompletableFuture<?> exit : exits) {
                synchronized (EXIT_WAKERS) {
                    List<Runnable> wakers = EXIT_WAKERS.get(exit);
                    if (wakers != null) {
                        wakers.remove(waker);
                    }
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // keys are gone either way
            }
        }
    }

    private static long nanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return timeout.isNegative() ? 0 : -1;
        }
    }

    private List<T> readyNow() {
        List<T> ready = new ArrayList<>();
        for (T object : objects) {
            if (isReady(object)) {
                ready.add(object);
            }
        }
        return ready;
    }

    private static boolean isReady(Object object) {
        if (object instanceof Connection) {
            return ((Connection) object).readyNow();
        } else if (object instanceof Listener) {
            return ((Listener) object).acceptReady();
        }
        return ((ChildProcess) object).onExit().isDone();
    }

    /**
     * Registers what is not registered yet: sockets with the selector, the rest with wakers.
     *
     * @return true when anything new was registered
     */
    private boolean register(Selector selector, Runnable waker, List<Acceptor> acceptors, List<CompletableFuture<?>> exits)
            throws ClosedChannelException {
        boolean added = false;
        for (T object : objects) {
            if (object instanceof Connection) {
                Connection connection = (Connection) object;
                SocketChannel socket = connection.socketToWatch();
                if (socket != null) {
                    if (socket.keyFor(selector) == null) {
                        socket.register(selector, SelectionKey.OP_READ);
                        added = true;
                    }
                } else {
                    added |= watch(connection.pendingPeer(), waker, acceptors);
                }
            } else if (object instanceof Listener) {
                added |= watch(((Listener) object).acceptor(), waker, acceptors);
            } else {
                CompletableFuture<?> exit = ((ChildProcess) object).onExit();
                if (!exits.contains(exit)) {
                    exits.add(exit);
                    watchExit(exit, waker);
                    added = true;
                }
            }
        }
        return added;
    }

    private static boolean watch(Acceptor acceptor, Runnable waker, List<Acceptor> acceptors) {
        if (acceptor != null && !acceptors.contains(acceptor)) {
            acceptors.add(acceptor);
            acceptor.addWaker(waker);
            return true;
        }
        return false;
    }

    private static void watchExit(CompletableFuture<?> exit, Runnable waker) {
        boolean first;
        List<Runnable> wakers;
        synchronized (EXIT_WAKERS) {
            wakers = EXIT_WAKERS.get(exit);
            first = wakers == null;
            if (first) {
                wakers = new CopyOnWriteArrayList<>();
                EXIT_WAKERS.put(exit, wakers);
            }
            wakers.add(waker);
        }
        if (first) {
            List<Runnable> all = wakers;
            exit.whenComplete((process, failure) -> all.forEach(Runnable::run));
        }
    }
}
