package dev.multiproc.dsl.internal

import dev.multiproc.MultiprocessingContext
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.pool.Pool
import java.nio.ByteBuffer
import java.util.concurrent.ScheduledThreadPoolExecutor
import java.util.concurrent.TimeUnit
import kotlin.time.Duration

/**
 * The pools that `parallel { }` blocks left running for the next block with the same settings:
 * a worker JVM costs hundreds of milliseconds to start and more to get its JIT warm, so a program
 * that runs a block in a loop, or one block per request, should pay that once, not every time.
 * It is what OkHttp's connection pool does for connections and `Dispatchers.IO` for threads: an
 * idle pool is kept for [PoolSpec.keepAlive], then terminated; a block takes a kept pool only when
 * every setting its workers were started with is the same ([KeptPoolKey]), and never one that
 * another block is using.
 *
 * Kept workers are daemons: when this JVM exits, they are terminated with the other daemonic
 * children (Python's exit rule), and the thread that ends idle pools is a daemon too, so keeping
 * a pool never holds the JVM up.
 */
internal object KeptPools {
    /** At most this many idle pools; parking one more ends the one idle the longest. */
    const val MAX_IDLE = 4

    private class Idle(val key: KeptPoolKey, val pool: Pool, val ownContext: MultiprocessingContext?)

    private val idle = ArrayList<Idle>() // oldest first; guarded by itself

    private val reaper = ScheduledThreadPoolExecutor(1) { task ->
        Thread(task, "multiproc-kept-pools").apply { isDaemon = true }
    }.apply {
        removeOnCancelPolicy = true
        setKeepAliveTime(1, TimeUnit.SECONDS)
        allowCoreThreadTimeOut(true) // no thread while nothing is kept
    }

    /**
     * A kept pool for [key], now owned by the caller, or null when none is idle. A pool that broke
     * while it was idle (a replacement worker could not start) is not handed out; it is ended on
     * the reaper's thread, as the caller's thread must not wait for workers to exit.
     */
    fun take(key: KeptPoolKey): Pair<Pool, MultiprocessingContext?>? {
        while (true) {
            val entry = synchronized(idle) {
                val index = idle.indexOfLast { it.key == key }
                if (index < 0) null else idle.removeAt(index)
            } ?: return null
            if (!entry.pool.isBroken) return entry.pool to entry.ownContext
            endLater(entry)
        }
    }

    /**
     * Keeps [pool], which is not broken, for [keepAlive]; the longest-idle pool is ended (on the
     * reaper's thread) when more than [MAX_IDLE] would be kept. Never waits.
     */
    fun park(key: KeptPoolKey, pool: Pool, ownContext: MultiprocessingContext?, keepAlive: Duration) {
        val entry = Idle(key, pool, ownContext)
        val evicted = synchronized(idle) {
            idle += entry
            if (idle.size > MAX_IDLE) idle.removeAt(0) else null
        }
        evicted?.let(::endLater)
        reaper.schedule({ if (synchronized(idle) { idle.remove(entry) }) end(entry) }, keepAlive.inWholeMilliseconds, TimeUnit.MILLISECONDS)
    }

    /** Terminates every idle pool and waits until its workers have exited. */
    fun endAll() {
        val all = synchronized(idle) { ArrayList(idle).also { idle.clear() } }
        all.forEach(::end)
    }

    /** How many worker JVMs the idle pools hold. */
    fun idleWorkers(): Int = synchronized(idle) { idle.sumOf { it.pool.processes() } }

    private fun endLater(entry: Idle) {
        reaper.execute { end(entry) }
    }

    private fun end(entry: Idle) {
        try {
            entry.pool.terminate()
        } finally {
            entry.ownContext?.close()
        }
    }
}

/**
 * Everything a pool's workers were started with: two blocks whose keys are equal can share
 * workers. The initializer counts by its encoded bytes (a lambda and the values it captured); a
 * context the caller passed, by identity.
 */
internal data class KeptPoolKey(
    val processes: Int,
    val taskTimeout: Duration?,
    val maxTasksPerChild: Int?,
    val jvmOptions: List<String>,
    val environment: Map<String, String>,
    val context: MultiprocessingContext?,
    val initializer: ByteBuffer?,
) {
    companion object {
        fun of(spec: PoolSpec, initializer: ByteArray?) = KeptPoolKey(
            spec.processes, spec.taskTimeout, spec.maxTasksPerChild, spec.jvmOptions.toList(), spec.environment.toMap(),
            spec.context, initializer?.let { ByteBuffer.wrap(it) },
        )
    }
}
