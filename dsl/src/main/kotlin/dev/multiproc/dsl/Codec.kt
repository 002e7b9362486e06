package dev.multiproc.dsl

/**
 * How the items and results of `map` cross the process boundary.
 *
 * ```kotlin
 * @Serializable data class Point(val x: Int, val y: Int)
 *
 * parallel(processes = 2) {
 *     map(points) { p -> Point(p.y, p.x) }.toList()   // Auto picks Json: Point is not java.io.Serializable
 * }
 * ```
 */
public enum class Codec {
    /**
     * [Json] for a type that kotlinx.serialization knows and JDK serialization does not (a
     * `@Serializable` class that is not `java.io.Serializable`, or a collection of such), [Java]
     * for everything else. The default.
     */
    Auto,

    /**
     * The core's codec: a fast path for boxed primitives, strings and primitive arrays, JDK
     * serialization for the rest. Types must be `java.io.Serializable`.
     */
    Java,

    /**
     * kotlinx-serialization-json with the default `Json` configuration; the type needs a
     * serializer (`@Serializable`). Encoded in the caller, decoded in the worker, and back.
     */
    Json,
}
