package dev.multiproc.internal.manager;

import dev.multiproc.connection.Client;
import dev.multiproc.connection.Connection;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's connections to managers: one per thread and manager, as Python's proxies keep
 * one per thread. Why per thread: a call that blocks on the server (a lock, a queue's take) then
 * blocks only its own thread, the server's thread for that connection is the caller's stand-in
 * (so a reentrant lock is owned by the calling thread), and no reply needs matching to its call.
 */
final class ManagerConnections {
    private static final ThreadLocal<Map<String, Connection>> MINE = ThreadLocal.withInitial(HashMap::new);
    private static final ConcurrentHashMap<String, Set<Connection>> ALL = new ConcurrentHashMap<>();

    private ManagerConnections() {
    }

    /**
     * The calling thread's open connection to the manager at {@code address} for {@code authkey},
     * made on first use; {@code slot} is {@link #slot(String, byte[])} of the two.
     */
    static Connection of(String address, byte[] authkey, String slot) {
        Map<String, Connection> mine = MINE.get();
        Connection c = mine.get(slot);
        if (c == null || c.isClosed()) {
            c = Client.connect(Addresses.parse(address), authkey);
            mine.put(slot, c);
            ALL.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(c);
        }
        return c;
    }

    /** Where a thread keeps its connection: by address and key, so one key's never serves another's proxy. */
    static String slot(String address, byte[] authkey) {
        return address + " " + HexFormat.of().formatHex(authkey);
    }

    /** Forgets and closes the calling thread's connection {@code c}, after a failure on it. */
    static void drop(String address, String slot, Connection c) {
        MINE.get().remove(slot, c);
        Set<Connection> all = ALL.get(address);
        if (all != null) {
            all.remove(c);
        }
        c.close();
    }

    /** Closes every thread's connection to {@code address}; a thread's next call connects afresh. */
    static void closeAll(String address) {
        Set<Connection> all = ALL.remove(address);
        if (all != null) {
            all.forEach(Connection::close);
        }
    }
}
