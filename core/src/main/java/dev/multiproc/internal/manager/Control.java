package dev.multiproc.internal.manager;

/** The manager's own methods, object id 0 on every manager. */
public interface Control {
    /**
     * Makes an object of type {@code typeid} from {@code args} and returns its id.
     *
     * @param exposed the interface the proxy will call, for registered types
     * @throws IllegalArgumentException for an unknown typeid
     * @throws ClassCastException       when the object made does not implement {@code exposed}
     */
    long create(String typeid, Class<?> exposed, Object[] args);

    /** The manager's name and pid: {@code 'Manager-1' (pid 4121)}. */
    String describe();

    /**
     * Counts a reference to object {@code id} held by the calling connection's process (its
     * lifeline, see {@code Holdings}); the references of a connection go when it closes.
     */
    void incref(long id);

    /** Gives back a reference {@link #incref} counted; the object is freed when none is left. */
    void decref(long id);

    /** How many objects the server holds. */
    int objectCount();

    /** How many processes hold a reference to object {@code id} (the server's own counted as one). */
    int references(long id);

    /** Stops the server once the reply to this call is sent. */
    void shutdown();
}
