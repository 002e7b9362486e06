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

    /** Stops the server once the reply to this call is sent. */
    void shutdown();
}
