package dev.multiproc.dsl

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
 */
public fun interface Task<in T, out R> : Serializable {
    /** Computes the result for one item; runs in a worker. */
    public fun run(item: T): R
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
