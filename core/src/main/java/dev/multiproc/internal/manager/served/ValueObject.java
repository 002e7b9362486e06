package dev.multiproc.internal.manager.served;

import dev.multiproc.SerializableFunction;
import dev.multiproc.manager.ManagedValue;

import java.util.Objects;

/** The server's value; the server calls it one caller at a time, so each method is atomic. */
final class ValueObject<T> implements ManagedValue<T> {
    private T value;

    ValueObject(T initial) {
        this.value = initial;
    }

    @Override
    public T get() {
        return value;
    }

    @Override
    public void set(T value) {
        this.value = value;
    }

    @Override
    public boolean compareAndSet(T expected, T update) {
        if (!Objects.equals(value, expected)) {
            return false;
        }
        value = update;
        return true;
    }

    @Override
    public T updateAndGet(SerializableFunction<? super T, ? extends T> update) {
        value = update.apply(value);
        return value;
    }

    @Override
    public String toString() {
        return "Value(" + value + ")";
    }
}
