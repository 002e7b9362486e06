package dev.multiproc.manager;

import dev.multiproc.internal.manager.BeanView;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named attributes held by a {@link Manager}: Python's {@code Namespace} ({@code ns.x = 1}). Read
 * an attribute by name, with its type, or through a view interface of getters and setters.
 *
 * <pre>{@code
 * Namespace ns = manager.namespace();
 * ns.set("name", "Bob");
 * ns.set("age", 42);
 * int age = ns.get("age", Integer.class);
 *
 * public interface Person { String getName(); void setName(String name); int getAge(); }
 * Person person = ns.as(Person.class);         // getName() reads attribute "name"
 * person.setName("Alice");
 * }</pre>
 */
public interface Namespace {

    /**
     * The attribute's value.
     *
     * @throws NoSuchElementException when the namespace has no such attribute (Python's
     *                                {@code AttributeError})
     */
    Object get(String name);

    /** Sets (or adds) the attribute. */
    void set(String name, Object value);

    boolean has(String name);

    /**
     * Deletes the attribute.
     *
     * @throws NoSuchElementException when the namespace has no such attribute
     */
    void delete(String name);

    /** A copy of every attribute, in the order they were first set. */
    Map<String, Object> toMap();

    /** {@link #get(String)} checked against {@code type}. */
    default <T> T get(String name, Class<T> type) {
        return type.cast(get(name));
    }

    /**
     * A typed view: {@code getX()} and {@code isX()} read attribute {@code x}, {@code setX(v)} sets
     * it. The view is serializable as the namespace is.
     *
     * @throws IllegalArgumentException when {@code view} is not an interface
     */
    default <T> T as(Class<T> view) {
        return BeanView.of(this, view);
    }
}
