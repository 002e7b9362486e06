package dev.multiproc.internal.manager;

import dev.multiproc.connection.Client;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.ConnectionClosedException;
import dev.multiproc.connection.ConnectionException;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This process's connections to managers: one per thread and manager, as Python's proxies keep
 * one per thread. Why per thread: a call that blocks on the server (a lock, a queue's take) then
 * blocks only its own thread, the server's thread for that connection is the caller's stand-in
 * (so a reentrant lock is owned by the calling thread), and no reply needs matching to its call.
 */
final class ManagerConnections {
    private static final ThreadLocal<Map<String, Connection>> MINE = ThreadLocal.withInitial(HashMap::new);
    private static final ConcurrentHashMap<String, Set<Connection>> ALL = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Semaphore> CONNECTING = new ConcurrentHashMap<>();
    private static final int HANDSHAKE_ATTEMPTS = 8;
    /** Well below the listener's bound on peers authenticating at once (16 by default). */
    private static final int CONCURRENT_HANDSHAKES = 4;

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
            c = connect(address, authkey);
            mine.put(slot, c);
            ALL.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(c);
        }
        return c;
    }

    /**
     * Connects, a few threads of this process at a time, and tries again a few times when the
     * server cut the handshake. Why: a listener lets a bounded number of peers authenticate at
     * once and cuts the oldest beyond that, even one that already thinks it is in, so a burst of
     * threads connecting at once (many waiters) would otherwise fail for nothing.
     */
    private static Connection connect(String address, byte[] authkey) {
        Semaphore turn = CONNECTING.computeIfAbsent(address, a -> new Semaphore(CONCURRENT_HANDSHAKES));
        for (int attempt = 1; ; attempt++) {
            turn.acquireUninterruptibly();
            try {
                return Client.connect(Addresses.parse(address), authkey);
            } catch (ConnectionClosedException cut) {
                if (attempt == HANDSHAKE_ATTEMPTS) {
                    throw cut;
                }
            } finally {
                turn.release();
            }
            try {
                // spread the retries so the same peers do not collide again
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 10 * attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException("interrupted while connecting to the manager at " + address, e);
            }
        }
    }

    /** A connection of its own for this process's references (see {@link Holdings}), not one of a thread's. */
    static Connection lifeline(String address, byte[] authkey) {
        return connect(address, authkey);
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
