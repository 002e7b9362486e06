package dev.multiproc.internal.manager;

import dev.multiproc.SerializableFunction;

import java.io.Serializable;
import java.util.Objects;

/**
 * A type a manager serves: how the server makes an object from the creation arguments, the
 * interface its proxies call (null: the one the creating proxy names), and whether the server
 * runs one call at a time on it ({@code exclusive}: containers) or lets calls from different
 * client threads run at once (objects that block, and registered types, as in Python).
 */
public final class TypeSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String typeid;
    private final SerializableFunction<Object[], Object> factory;
    private final Class<?> exposed;
    private final boolean exclusive;

    public TypeSpec(String typeid, SerializableFunction<Object[], Object> factory, Class<?> exposed, boolean exclusive) {
        this.typeid = Objects.requireNonNull(typeid, "typeid");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.exposed = exposed;
        this.exclusive = exclusive;
    }

    public String typeid() {
        return typeid;
    }

    public Object create(Object[] args) {
        return factory.apply(args);
    }

    public Class<?> exposed() {
        return exposed;
    }

    public boolean exclusive() {
        return exclusive;
    }
}
