package dev.multiproc.dsl

import dev.multiproc.dsl.internal.KeptPools

/**
 * The worker JVMs that ended `parallel` blocks keep warm for the next block with the same
 * settings (see [PoolSpec.keepAlive]), and the way to end them before their keep-alive runs out:
 * before measuring this JVM's memory, in a test that checks for child processes left behind, or
 * when a program knows it will not run another block.
 *
 * ```kotlin
 * repeat(3) { parallel(processes = 2) { map(files) { f -> wordCount(f) }.toList() } } // one start-up, not three
 * check(IdleWorkers.count == 2)
 * IdleWorkers.release()                                                             // both exit now
 * check(IdleWorkers.count == 0)
 * ```
 */
public object IdleWorkers {
    /** How many worker JVMs are kept idle now. */
    public val count: Int get() = KeptPools.idleWorkers()

    /** Terminates every kept worker JVM and returns once they have all exited. */
    public fun release() {
        KeptPools.endAll()
    }
}
