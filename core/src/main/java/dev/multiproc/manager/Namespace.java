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
     * @param name the attribute's name, not {@code null}
     * @return a copy of the value; null when the attribute is set to null
     * @throws NoSuchElementException when the namespace has no such attribute (Python's
     *                                {@code AttributeError})
     */
    Object get(String name);

    /**
     * Sets (or adds) the attribute.
     *
     * @param name  the attribute's name, not {@code null}
     * @param value its value, serializable; may be null
     */
    void set(String name, Object value);

    /**
     * Tells whether the attribute exists (Python's {@code hasattr}).
     *
     * @param name the attribute's name, not {@code null}
     * @return true when it was set and not deleted since
     */
    boolean has(String name);

    /**
     * Deletes the attribute.
     *
     * @param name the attribute's name, not {@code null}
     * @throws NoSuchElementException when the namespace has no such attribute
     */
    void delete(String name);

    /**
     * A copy of every attribute, in the order they were first set.
     *
     * @return a new map of this process, name to value; changing it changes nothing on the server
     */
    Map<String, Object> toMap();

    /**
     * {@link #get(String)} checked against {@code type}.
     *
     * @param <T>  the expected type
     * @param name the attribute's name, not {@code null}
     * @param type the class the value must be an instance of, e.g. {@code Integer.class} for an {@code int}
     * @return the value cast to {@code type}; null when the attribute is set to null
     * @throws NoSuchElementException when the namespace has no such attribute
     * @throws ClassCastException     when the value is of another type
     */
    default <T> T get(String name, Class<T> type) {
        return type.cast(get(name));
    }

    /**
     * A typed view: {@code getX()} and {@code isX()} read attribute {@code x}, {@code setX(v)} sets
     * it. The view is serializable as the namespace is.
     *
     * @param <T>  the view's type
     * @param view an interface of getters and setters, not {@code null}
     * @return a view whose calls read and set this namespace's attributes
     * @throws IllegalArgumentException when {@code view} is not an interface
     */
    default <T> T as(Class<T> view) {
        return BeanView.of(this, view);
    }
}
