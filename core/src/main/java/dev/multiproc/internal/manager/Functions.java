package dev.multiproc.internal.manager;

import java.io.Serializable;

/** Checks that a function handed to a proxy can travel to the server. */
final class Functions {
    private Functions() {
    }

    /**
     * {@code function} itself, when serializable (or null).
     *
     * @throws IllegalArgumentException naming the operation and what to do instead
     */
    static <F> F serializable(F function, String operation, String serializableType) {
        if (function != null && !(function instanceof Serializable)) {
            throw new IllegalArgumentException(operation + " runs its function on the manager's server, so the function must be"
                    + " serializable, and " + function.getClass().getName() + " is not: pass a lambda where a "
                    + serializableType + " is expected (hold the proxy by its Managed* type), or a serializable class");
        }
        return function;
    }
}
