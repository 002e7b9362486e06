package dev.multiproc.connection;

import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.Handshake;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What Python's {@code multiprocessing.connection} module offers besides its classes: the default
 * authkey and {@link #wait}.
 *
 * <pre>{@code
 * List<Object> ready = Connections.wait(List.of(conn1, conn2, childProcess), Duration.ofSeconds(5));
 * for (Object o : ready) {
 *     if (o instanceof Connection) System.out.println(((Connection) o).recv());
 *     else System.out.println("exited: " + o);
 * }
 * }</pre>
 */
public final class Connections {
    private static volatile byte[] authkey;

    private Connections() {
    }

    /**
     * The default authkey of {@link Listener} and {@link Client} in this JVM (a copy): Python's
     * {@code current_process().authkey}. Initially the process tree's key, which every child JVM
     * inherits, so a listener in one process of the tree accepts clients from any other.
     *
     * @return a copy of the key; changing it changes nothing
     */
    public static byte[] authkey() {
        byte[] key = authkey;
        return (key != null ? key : JvmProcess.current().authkey()).clone();
    }

    /**
     * Replaces this JVM's default authkey for listeners and clients created afterwards. Unlike
     * Python, children started later still inherit the tree's key (pass yours to them explicitly);
     * pipes always authenticate with the tree's key.
     *
     * @param key the new key, at least one byte; it is copied, so later changes to the array do not count
     * @throws IllegalArgumentException when {@code key} is null or empty
     */
    public static void setAuthkey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("authkey is null");
        }
        checkKey(key);
        authkey = key.clone();
    }

    /** HMAC-SHA256 cannot use an empty key (Python accepts one); a random key has 32 bytes. */
    static void checkKey(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an authkey must hold at least one byte (a random one: "
                    + Handshake.KEY_LENGTH + " bytes)");
        }
    }

    /**
     * Waits until at least one of {@code objects} is ready, or {@code timeout} passes: Python's
     * {@code multiprocessing.connection.wait}. Ready means: a {@link Connection} has a message or
     * end-of-file to receive, a {@code ChildProcess} has exited, a {@link Listener} has a peer to
     * accept. Blocks in a selector (no spinning); a zero or negative timeout only checks; a null
     * timeout waits without limit.
     *
     * @param <T>     the common type of the objects waited for
     * @param objects the connections, child processes and listeners to watch, not {@code null}
     * @param timeout how long to wait at most; zero or negative only checks, {@code null} waits without limit
     * @return the ready objects in the order given; empty when the time ran out
     * @throws IllegalArgumentException for an object of another type
     * @throws IllegalStateException    for a closed connection or listener
     */
    public static <T> List<T> wait(Collection<? extends T> objects, Duration timeout) {
        return new ReadinessWait<T>(objects).await(timeout);
    }

    /**
     * {@link #wait(Collection, Duration)} without a time limit.
     *
     * @param <T>     the common type of the objects waited for
     * @param objects the connections, child processes and listeners to watch, not {@code null}
     * @return the ready objects in the order given, at least one of them (empty only for an empty collection)
     */
    public static <T> List<T> wait(Collection<? extends T> objects) {
        return wait(objects, null);
    }
}
