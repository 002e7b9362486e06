package dev.multiproc.dsl

import dev.multiproc.SerializableFunction
import java.io.Serializable

/**
 * The function `map` and `mapUnordered` apply to every item, in a child JVM.
 *
 * A `fun interface` that extends [Serializable], so that an ordinary Kotlin lambda passed where a
 * `Task` is expected is compiled to a serializable object and can be shipped to a worker with no
 * annotation (a plain Kotlin function type, `(T) -> R`, is not serializable since Kotlin 2.0).
 *
 * ```kotlin
 * parallel(processes = 2) {
 *     map(listOf(1, 2, 3)) { x -> x * x }.toList()   // [1, 4, 9]
 * }
 * ```
 *
 * What the lambda captures travels with it: capture values (local `val`s, parameters), not
 * `this` of an enclosing class, which would have to be serialized too. A capture that cannot be
 * serialized fails at the `map` call with a message naming it.
 *
 * A task is the core's [SerializableFunction] (so also a `java.util.function.Function`): when
 * items and results travel as they are, the pool's workers call it directly, with no wrapper per
 * item (measured: the wrapper call was a sixth of a worker's time per trivial item).
 */
public fun interface Task<in T, out R> : SerializableFunction<@UnsafeVariance T, @UnsafeVariance R> {
    /** Computes the result for one item; runs in a worker. */
    override fun apply(item: T): R
}

/**
 * A piece of work with no input, for `run { }`, `async { }` and `process { }`: a serializable
 * `() -> R`, for the same reason as [Task].
 *
 * Not named `Job`, so as not to clash with `kotlinx.coroutines.Job` in the same file.
 *
 * ```kotlin
 * val pid: Long = parallel(processes = 1) { run { ProcessHandle.current().pid() } }
 * ```
 */
public fun interface Work<out R> : Serializable {
    /** Does the work; runs in a worker (or in a child process for `process { }`). */
    public fun run(): R
}
