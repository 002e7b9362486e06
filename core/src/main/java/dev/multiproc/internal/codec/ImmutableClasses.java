package dev.multiproc.internal.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JDK's classes behind {@code List.of}, {@code Set.of}, {@code Map.of} and {@code Arrays.asList}. */
final class ImmutableClasses {
    static final Class<?> ARRAYS_AS_LIST = Arrays.asList().getClass();
    private static final Class<?> LIST_12 = List.of(1).getClass();
    private static final Class<?> LIST_N = List.of().getClass();
    private static final Class<?> SET_12 = Set.of(1).getClass();
    private static final Class<?> SET_N = Set.of().getClass();
    private static final Class<?> MAP_1 = Map.of(1, 1).getClass();
    private static final Class<?> MAP_N = Map.of().getClass();

    private ImmutableClasses() {
    }

    static boolean isList(Class<?> type) {
        return type == LIST_12 || type == LIST_N;
    }

    static boolean isSet(Class<?> type) {
        return type == SET_12 || type == SET_N;
    }

    static boolean isMap(Class<?> type) {
        return type == MAP_1 || type == MAP_N;
    }
}
