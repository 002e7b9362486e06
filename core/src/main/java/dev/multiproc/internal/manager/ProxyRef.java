package dev.multiproc.internal.manager;

import dev.multiproc.RemoteException;
import dev.multiproc.connection.AuthenticationException;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.manager.ManagerUnavailableException;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a proxy knows of its referent: the manager's address and name, the object's id and type.
 * It is a proxy's whole serialized form, so a proxy sent to another process (as a task argument,
 * in a queue, stored in another proxy's container) reaches the same object.
 *
 * <p>The authkey: null when the manager uses the process tree's key (every process of the tree
 * holds it); otherwise the key given to the manager, carried along as Python carries a proxy's
 * key to the children it spawns. Every channel a proxy can travel on is itself authenticated.
 */
public final class ProxyRef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String address;
    private final String manager;
    private final long id;
    private final String typeid;
    private final byte[] authkey;
    /** The key and the connection slot, found on the first call in this process. */
    private transient byte[] key;
    private transient String slot;

    public ProxyRef(String address, String manager, long id, String typeid, byte[] authkey) {
        this.address = Objects.requireNonNull(address, "address");
        this.manager = manager;
        this.id = id;
        this.typeid = typeid;
        this.authkey = authkey == null ? null : authkey.clone();
    }

    /**
     * Counts this ref as a live proxy of its object in this process (see {@link Holdings}) until it
     * is collected: for a ref the manager just made an object for.
     *
     * @return this ref
     */
    public ProxyRef held() {
        byte[] k = key();
        Holdings.hold(this, k, ManagerConnections.slot(address, k));
        return this;
    }

    /** A proxy decoded in this process holds its object as long as it lives. */
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (id != 0) {
            held();
        }
    }

    public String address() {
        return address;
    }

    public String manager() {
        return manager;
    }

    public long id() {
        return id;
    }

    public String typeid() {
        return typeid;
    }

    /** The key when it is not the process tree's, else null. */
    public byte[] authkeyOrNull() {
        return authkey == null ? null : authkey.clone();
    }

    /** Closes every thread's connection of this process to the manager. */
    public void closeConnections() {
        ManagerConnections.closeAll(address);
    }

    /** Forgets this process's references to the manager's objects: it has stopped. */
    public void forgetReferences() {
        Holdings.forget(address);
    }

    byte[] key() {
        return authkey != null ? authkey : JvmProcess.current().authkey();
    }

    /**
     * Calls method {@code method} of the referent's {@link MethodTable} with {@code args} on the
     * server, from the calling thread's connection.
     *
     * @return the result
     * @throws Throwable                   what the method threw on the server
     * @throws ManagerUnavailableException when the manager cannot be reached or goes away
     */
    public Object call(int method, Object... args) throws Throwable {
        byte[] request = Wire.encodeCall(id, method, args);
        Connection c = connection();
        byte[] reply;
        try {
            c.sendBytes(request);
            reply = c.recvBytes();
        } catch (ConnectionException | IllegalStateException e) {
            throw lost(c, e);
        }
        return result(reply);
    }

    /**
     * {@link #call} for a method that may wait on the server ({@link MethodTable#waits}): an
     * interrupt of the calling thread while it waits cancels the wait on the server, as it would
     * cancel the same wait in this process. The server then either stopped the wait before it took
     * anything (the call throws {@code InterruptedException}, the interrupt status cleared), or had
     * completed it (its result is returned, the interrupt status set again): nothing is lost.
     *
     * @throws InterruptedException        when the thread was interrupted and the wait stopped first
     * @throws ManagerUnavailableException when the manager cannot be reached or goes away
     */
    public Object callWaiting(int method, Object... args) throws Throwable {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before calling " + describe());
        }
        byte[] request = Wire.encodeCall(id, method, args);
        Connection c;
        try {
            c = connection();
        } catch (RuntimeException e) {
            // An interrupt while connecting (the socket closed by it, or the handshake's read
            // interrupted) comes before anything was sent: the wait never began, which is what an
            // interrupt asks for.
            if (Thread.interrupted() | byInterrupt(e)) {
                InterruptedException stopped = new InterruptedException("interrupted while connecting to call " + describe());
                stopped.addSuppressed(e);
                throw stopped;
            }
            throw e;
        }
        boolean cancelled = false;
        byte[] reply;
        try {
            c.sendBytes(request);
            while (true) {
                try {
                    // wait for the reply to begin, then read it whole: an interrupt in the middle
                    // of a frame would lose the part read
                    c.poll(null);
                    reply = c.recvBytes();
                    break;
                } catch (ConnectionException e) {
                    if (!(e.getCause() instanceof InterruptedException) || c.isClosed()) {
                        throw e;
                    }
                    Thread.interrupted();
                    if (!cancelled) {
                        c.sendBytes(Wire.CANCEL);
                        cancelled = true;
                    }
                }
            }
        } catch (ConnectionException | IllegalStateException e) {
            if (cancelled) {
                Thread.currentThread().interrupt();
            }
            throw lost(c, e);
        }
        Object result;
        try {
            result = result(reply);
        } catch (InterruptedException stopped) {
            throw stopped;
        } catch (Throwable other) {
            if (cancelled) {
                Thread.currentThread().interrupt();
            }
            throw other;
        }
        if (cancelled) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private static boolean byInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private Connection connection() {
        byte[] k = key;
        String s = slot;
        if (k == null || s == null) { // a race here only computes the same values twice
            k = key();
            s = ManagerConnections.slot(address, k);
            key = k;
            slot = s;
        }
        try {
            return ManagerConnections.of(address, k, s);
        } catch (AuthenticationException e) {
            throw e;
        } catch (ConnectionException e) {
            throw unavailable(e);
        }
    }

    /** The peer closed, died, or another thread closed this manager's connections: drops {@code c}. */
    private ManagerUnavailableException lost(Connection c, RuntimeException e) {
        ManagerConnections.drop(address, slot, c);
        return unavailable(e);
    }

    private static Object result(byte[] reply) throws Throwable {
        Object value = Wire.decodeValue(reply);
        if (reply[0] == Wire.THREW) {
            throw (Throwable) value;
        }
        return value;
    }

    /** {@link #callUnchecked}, its result cast to what the caller expects. */
    @SuppressWarnings("unchecked")
    public <T> T invoke(int method, Object... args) {
        return (T) callUnchecked(method, args);
    }

    /** {@link #call}, for methods that declare no checked exception: a checked one is wrapped. */
    public Object callUnchecked(int method, Object... args) {
        try {
            return call(method, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new RemoteException(describe() + " threw " + checked, checked.getClass().getName(), checked);
        }
    }

    private ManagerUnavailableException unavailable(RuntimeException cause) {
        return new ManagerUnavailableException(manager, "manager " + manager + " is unavailable (" + describe() + "): "
                + cause.getMessage(), cause);
    }

    /** "dict #3 of manager 'Manager-1' (pid 4121) at unix:/..." */
    public String describe() {
        return typeid + " #" + id + " of manager " + manager;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyRef && ((ProxyRef) o).id == id && ((ProxyRef) o).address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + Long.hashCode(id);
    }

    @Override
    public String toString() {
        return describe();
    }
}
