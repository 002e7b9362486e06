package dev.multiproc.internal.manager;

import dev.multiproc.connection.Connection;
import dev.multiproc.connection.ConnectionException;

import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's references to one manager's objects: Python's proxy reference counting, counted
 * per process. While at least one proxy of an object lives in this process, the process holds one
 * reference to it on the server; when the last one is collected, it gives the reference back, and
 * the server frees an object nobody holds any more.
 *
 * <p>Why per process and over a connection of its own (the lifeline): the server counts the
 * references each lifeline holds and drops them all when the lifeline closes, so a process that
 * exits or dies without giving its references back (no finalizer runs in a killed JVM) releases
 * them all the same; and counting per process costs one round trip per object a process first
 * sees, not one per proxy. In the manager's own process (a proxy stored in a served container)
 * the references are counted directly, with no connection.
 */
final class Holdings {
    private static final MethodTable CONTROL = MethodTable.of(Control.class);
    private static final int INCREF = CONTROL.indexOf("incref", long.class);
    private static final int DECREF = CONTROL.indexOf("decref", long.class);
    private static final ConcurrentHashMap<String, Holdings> BY_MANAGER = new ConcurrentHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread t = new Thread(task, "multiproc-manager-release");
        t.setDaemon(true);
        return t;
    });

    private final String address;
    private final byte[] key;
    private final Map<Long, Integer> proxies = new HashMap<>();
    private Connection lifeline;
    private boolean stopped;

    private Holdings(String address, byte[] key) {
        this.address = address;
        this.key = key;
    }

    /** Counts {@code ref} as a proxy of its object in this process until {@code ref} is collected. */
    static void hold(ProxyRef ref, byte[] key, String slot) {
        Holdings holdings = BY_MANAGER.computeIfAbsent(slot, s -> new Holdings(ref.address(), key));
        long id = ref.id();
        holdings.acquire(id);
        CLEANER.register(ref, () -> holdings.release(id));
    }

    /**
     * Forgets this process's references to the manager at {@code address}, which has stopped, and
     * closes their lifelines; proxies collected later send nothing.
     */
    static void forget(String address) {
        BY_MANAGER.values().removeIf(holdings -> {
            if (!holdings.address.equals(address)) {
                return false;
            }
            synchronized (holdings) {
                holdings.stopped = true;
                holdings.proxies.clear();
                if (holdings.lifeline != null) {
                    holdings.lifeline.close();
                    holdings.lifeline = null;
                }
            }
            return true;
        });
    }

    private synchronized void acquire(long id) {
        int count = proxies.merge(id, 1, Integer::sum);
        if (count == 1) {
            tell(INCREF, id);
        }
    }

    private synchronized void release(long id) {
        Integer count = proxies.get(id);
        if (count == null) {
            return;
        }
        if (count > 1) {
            proxies.put(id, count - 1);
            return;
        }
        proxies.remove(id);
        tell(DECREF, id);
    }

    /**
     * Sends an incref or decref. A manager that cannot be reached holds nothing of ours any more
     * (it is gone, or it dropped our references with our lifeline): the proxy's own calls will say
     * so, and nothing is thrown here, where a proxy is being decoded or collected.
     */
    private void tell(int method, long id) {
        if (stopped) {
            return;
        }
        ManagerServer local = ManagerServer.local(address);
        if (local != null) {
            local.countLocally(method == INCREF, id);
            return;
        }
        try {
            if (lifeline == null || lifeline.isClosed()) {
                lifeline = ManagerConnections.lifeline(address, key);
            }
            lifeline.sendBytes(Wire.encodeCall(0, method, new Object[]{id}));
            lifeline.recvBytes();
        } catch (ConnectionException | IllegalStateException unreachable) {
            if (lifeline != null) {
                lifeline.close();
                lifeline = null;
            }
        }
    }
}
