package dev.multiproc.cluster;

import dev.multiproc.SerializableBiFunction;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;

/** The shapes of {@code starmap} and {@code apply(callable)} as the one-argument functions the members run. */
final class Adapters {
    private Adapters() {
    }

    @SuppressWarnings("unchecked")
    static <A, B> SerializableFunction<Object, Object> star(SerializableBiFunction<A, B, ?> fn) {
        return args -> fn.apply((A) ((Object[]) args)[0], (B) ((Object[]) args)[1]);
    }

    static SerializableFunction<Object, Object> call(SerializableCallable<?> callable) {
        return ignored -> {
            try {
                return callable.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw Adapters.<RuntimeException>sneaky(e);
            }
        };
    }

    /** Rethrows a checked exception as it is, so the caller sees its type. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}
