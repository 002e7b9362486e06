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
        byte[] k = key;
        String s = slot;
        if (k == null || s == null) { // a race here only computes the same values twice
            k = key();
            s = ManagerConnections.slot(address, k);
            key = k;
            slot = s;
        }
        Connection c;
        try {
            c = ManagerConnections.of(address, k, s);
        } catch (AuthenticationException e) {
            throw e;
        } catch (ConnectionException e) {
            throw unavailable(e);
        }
        byte[] reply;
        try {
            c.sendBytes(request);
            reply = c.recvBytes();
        } catch (ConnectionException | IllegalStateException e) {
            // the peer closed, died, or another thread closed this manager's connections
            ManagerConnections.drop(address, s, c);
            throw unavailable(e);
        }
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
