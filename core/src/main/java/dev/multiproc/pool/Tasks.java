package dev.multiproc.pool;

import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import dev.multiproc.SerializableRunnable;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Adapts every kind of task to the one form workers run: a function of one argument. */
final class Tasks {
    private Tasks() {
    }

    static SerializableFunction<Object, Object> of(SerializableCallable<?> callable) {
        return ignored -> call(callable);
    }

    static SerializableFunction<Object, Object> of(SerializableRunnable runnable) {
        return ignored -> {
            runnable.run();
            return null;
        };
    }

    @SuppressWarnings("unchecked")
    static <A, B> SerializableFunction<Object, Object> star(SerializableBiFunction<A, B, ?> fn) {
        return args -> fn.apply((A) ((Object[]) args)[0], (B) ((Object[]) args)[1]);
    }

    /**
     * Pairs as two-element arrays: a {@code Map.entry} itself need not be serializable. A collection
     * of pairs stays a collection, so that its size is known without reading it.
     */
    static Iterable<Object[]> pairs(Iterable<? extends Map.Entry<?, ?>> pairs) {
        Iterable<Object[]> arrays = () -> arrays(pairs.iterator());
        if (!(pairs instanceof Collection)) {
            return arrays;
        }
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object[]> iterator() {
                return arrays.iterator();
            }

            @Override
            public int size() {
                return ((Collection<?>) pairs).size();
            }
        };
    }

    private static Iterator<Object[]> arrays(Iterator<? extends Map.Entry<?, ?>> entries) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Object[] next() {
                Map.Entry<?, ?> e = entries.next();
                return new Object[] {e.getKey(), e.getValue()};
            }
        };
    }

    /** Runs the callable and rethrows what it throws as it is, checked or not, so the type survives. */
    private static Object call(SerializableCallable<?> callable) {
        try {
            return callable.call();
        } catch (Exception e) {
            throw Tasks.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}
