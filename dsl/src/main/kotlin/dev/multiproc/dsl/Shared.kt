package dev.multiproc.dsl

import dev.multiproc.shared.SharedDouble
import dev.multiproc.shared.SharedInt
import dev.multiproc.shared.SharedLong

/*
 * Kotlin manners for the core's shared values: a `value` property, and `+=` that is one atomic
 * update (Python's `counter.value += 1` loses updates between processes; this does not).
 *
 * ```kotlin
 * SharedLong().use { hits ->
 *     parallel(processes = 4) { map(1..1000) { hits += 1 }.collect() }
 *     hits.value   // 1000
 * }
 * ```
 */

/** The current value (a volatile read/write of the shared memory). */
public var SharedLong.value: Long
    get() = get()
    set(v) = set(v)

/** Adds [delta] atomically. */
public operator fun SharedLong.plusAssign(delta: Long) {
    addAndGet(delta)
}

/** Subtracts [delta] atomically. */
public operator fun SharedLong.minusAssign(delta: Long) {
    addAndGet(-delta)
}

/** The current value. */
public var SharedInt.value: Int
    get() = get()
    set(v) = set(v)

/** Adds [delta] atomically. */
public operator fun SharedInt.plusAssign(delta: Int) {
    addAndGet(delta)
}

/** Subtracts [delta] atomically. */
public operator fun SharedInt.minusAssign(delta: Int) {
    addAndGet(-delta)
}

/** The current value. */
public var SharedDouble.value: Double
    get() = get()
    set(v) = set(v)

/** Adds [delta] atomically (a compare-and-set loop). */
public operator fun SharedDouble.plusAssign(delta: Double) {
    addAndGet(delta)
}
