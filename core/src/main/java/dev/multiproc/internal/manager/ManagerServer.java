package dev.multiproc.internal.manager;

import dev.multiproc.connection.Connection;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.connection.Listener;
import dev.multiproc.internal.manager.served.BuiltinTypes;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The manager's server: Python's {@code managers.Server}. It accepts authenticated connections on
 * a {@link Listener} and serves each on a thread of its own, so a call that blocks (a lock, a
 * queue's take, a barrier) blocks only the client thread that made it; the client can cancel
 * such a wait, and a client that hangs up cancels its own (see {@link WaitingCall}).
 *
 * <p>References are counted as Python counts them: each process that holds a proxy of an object
 * holds one reference to it, on its lifeline connection (see {@link Holdings}); the server frees
 * an object when its last reference goes, given back or dropped with its lifeline. An object no
 * process ever held (a create whose creator died before holding it) stays until the server stops.
 */
public final class ManagerServer {
    private final Listener listener;
    private final String name;
    private final String address;
    private final Map<String, TypeSpec> types;
    private static final ConcurrentHashMap<String, ManagerServer> IN_THIS_PROCESS = new ConcurrentHashMap<>();
    /** The holder of references counted in the server's own process (proxies stored in served objects). */
    private static final Object LOCAL = new Object();
    /** The connection the serving thread serves: the holder of the references it counts. */
    private static final ThreadLocal<Object> HOLDER = new ThreadLocal<>();

    private final ConcurrentHashMap<Long, Served> objects = new ConcurrentHashMap<>();
    /** By object, who holds a reference; by holder, what it holds. Guarded by itself. */
    private final Map<Long, Set<Object>> holders = new HashMap<>();
    private final Map<Object, Set<Long>> held = new HashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final Set<Connection> clients = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Served control;
    private volatile boolean stopping;
    /** The thread serving the client that called shutdown: it stops the server once it replied. */
    private volatile Thread shutdownCaller;

    /** An object with what the server needs to call it. */
    private static final class Served {
        final Object target;
        final MethodTable table;
        final boolean exclusive;

        Served(Object target, MethodTable table, boolean exclusive) {
            this.target = target;
            this.table = table;
            this.exclusive = exclusive;
        }
    }

    private ManagerServer(Listener listener, String name, List<TypeSpec> registered) {
        this.listener = listener;
        this.name = name;
        this.address = Addresses.format(listener.address());
        Map<String, TypeSpec> all = new LinkedHashMap<>(BuiltinTypes.all());
        for (TypeSpec type : registered) {
            all.put(type.typeid(), type);
        }
        this.types = all;
        this.control = new Served(new ControlObject(), MethodTable.of(Control.class), false);
        IN_THIS_PROCESS.put(address, this);
    }

    /** The server of {@code address} when it runs in this process, else null. */
    static ManagerServer local(String address) {
        return IN_THIS_PROCESS.get(address);
    }

    /** Counts a reference held by a proxy in the server's own process. */
    void countLocally(boolean incref, long id) {
        if (incref) {
            incref(LOCAL, id);
        } else {
            decref(LOCAL, id);
        }
    }

    private void incref(Object holder, long id) {
        synchronized (holders) {
            if (!objects.containsKey(id)) {
                throw new IllegalArgumentException("manager " + name + " has no object #" + id + " (any more)");
            }
            holders.computeIfAbsent(id, k -> new HashSet<>()).add(holder);
            held.computeIfAbsent(holder, k -> new HashSet<>()).add(id);
        }
    }

    private void decref(Object holder, long id) {
        synchronized (holders) {
            Set<Long> ids = held.get(holder);
            if (ids != null && ids.remove(id) && ids.isEmpty()) {
                held.remove(holder);
            }
            release(holder, id);
        }
    }

    /** Drops every reference {@code holder} held: its lifeline closed (its process exited or died). */
    private void holderGone(Object holder) {
        synchronized (holders) {
            Set<Long> ids = held.remove(holder);
            if (ids != null) {
                ids.forEach(id -> release(holder, id));
            }
        }
    }

    private void release(Object holder, long id) {
        Set<Object> who = holders.get(id);
        if (who != null && who.remove(holder) && who.isEmpty()) {
            holders.remove(id);
            objects.remove(id);
        }
    }

    /**
     * Listens on {@code address} for peers holding {@code authkey}.
     *
     * @param registered types served besides the built-in ones (a typeid given twice: the last wins)
     */
    public static ManagerServer open(SocketAddress address, byte[] authkey, String name, List<TypeSpec> registered) {
        return new ManagerServer(Listener.open(address, authkey), name, registered);
    }

    /** The address as proxies carry it, with the actual port when port 0 was asked for. */
    public String address() {
        return address;
    }

    /**
     * Serves on the calling thread until {@link #stop()} or a client's shutdown; returns once the
     * server has stopped (after the reply to a shutdown was sent).
     */
    public void serveForever() {
        int served = 0;
        while (!stopping) {
            Connection client;
            try {
                client = listener.accept();
            } catch (IllegalStateException closed) {
                break;
            } catch (ConnectionException refused) {
                continue; // a peer without the key, or one that went away during the handshake
            }
            clients.add(client);
            if (stopping) {
                client.close();
                break;
            }
            Thread t = new Thread(() -> serve(client), "multiproc-manager-" + name + "-" + (++served));
            t.setDaemon(true);
            t.start();
        }
        if (shutdownCaller == null) {
            stop();
        }
        boolean interrupted = false;
        while (stopped.getCount() > 0) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the server has stopped. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops: no more peers, and every connection closed, so a client waiting for a reply (from a
     * blocked call, too) reads end-of-file at once.
     */
    public void stop() {
        stopping = true;
        IN_THIS_PROCESS.remove(address, this);
        listener.close();
        for (Connection c : clients) {
            c.close();
        }
        stopped.countDown();
    }

    private void serve(Connection client) {
        HOLDER.set(client);
        try (client) {
            byte[] message = client.recvBytes();
            while (message != null) {
                if (Wire.isCancel(message)) {
                    // its call replied before the cancel came: nothing is left to cancel
                    message = client.recvBytes();
                    continue;
                }
                WaitingCall waiting = waits(message) ? WaitingCall.watch(client) : null;
                byte[] call = message;
                byte[] reply = waiting == null ? dispatch(call) : waiting.run(() -> dispatch(call));
                client.sendBytes(reply);
                if (shutdownCaller == Thread.currentThread()) {
                    break;
                }
                message = waiting == null ? client.recvBytes() : waiting.awaitNext();
            }
        } catch (ConnectionException | IllegalStateException gone) {
            // the client closed or died, or the server stops
        } finally {
            clients.remove(client);
            holderGone(client);
            if (shutdownCaller == Thread.currentThread()) {
                stop(); // the reply to shutdown is out (or its client is gone)
            }
        }
    }

    /** Whether {@code message} calls a method that may wait on the server: see {@link WaitingCall}. */
    private boolean waits(byte[] message) {
        long id = Wire.objectOf(message);
        Served served = id > 0 ? objects.get(id) : null;
        return served != null && served.table.waits(Wire.methodOf(message));
    }

    private byte[] dispatch(byte[] message) {
        Object result;
        try {
            Wire.Call call = Wire.decodeCall(message);
            Served served = call.objectId == 0 ? control : objects.get(call.objectId);
            if (served == null) {
                throw new IllegalArgumentException("manager " + name + " has no object #" + call.objectId);
            }
            result = invoke(served, call);
        } catch (Throwable failure) {
            return Replies.threw(failure);
        }
        return Replies.returned(result);
    }

    private static Object invoke(Served served, Wire.Call call) throws Throwable {
        if (call.method == MethodTable.TO_STRING) {
            return String.valueOf(served.target);
        }
        Method method = served.table.method(call.method);
        try {
            if (served.exclusive) {
                synchronized (served.target) {
                    return method.invoke(served.target, call.args);
                }
            }
            return method.invoke(served.target, call.args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The manager's own methods. */
    private final class ControlObject implements Control {
        @Override
        public long create(String typeid, Class<?> exposed, Object[] args) {
            TypeSpec type = types.get(typeid);
            if (type == null) {
                throw new IllegalArgumentException("manager " + name + " serves no type '" + typeid + "'; it serves "
                        + types.keySet());
            }
            Class<?> iface = type.exposed() != null ? type.exposed() : exposed;
            Object target = type.create(args == null ? new Object[0] : args);
            if (!iface.isInstance(target)) {
                throw new ClassCastException("the factory of '" + typeid + "' made a " + target.getClass().getName()
                        + ", which does not implement " + iface.getName());
            }
            long id = lastId.incrementAndGet();
            objects.put(id, new Served(target, MethodTable.of(iface), type.exclusive()));
            return id;
        }

        @Override
        public void incref(long id) {
            ManagerServer.this.incref(HOLDER.get(), id);
        }

        @Override
        public void decref(long id) {
            ManagerServer.this.decref(HOLDER.get(), id);
        }

        @Override
        public int objectCount() {
            return objects.size();
        }

        @Override
        public int references(long id) {
            synchronized (holders) {
                Set<Object> who = holders.get(id);
                return who == null ? 0 : who.size();
            }
        }

        @Override
        public String describe() {
            return "'" + name + "' (pid " + ProcessHandle.current().pid() + ")";
        }

        @Override
        public void shutdown() {
            shutdownCaller = Thread.currentThread();
            stopping = true;
            // no new peer from now on: a client that reconnects after the reply is refused at
            // once rather than accepted and then cut off during its handshake
            listener.close();
        }
    }
}
