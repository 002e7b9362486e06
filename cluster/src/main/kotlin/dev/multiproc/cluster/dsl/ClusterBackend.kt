package dev.multiproc.cluster.dsl

import dev.multiproc.cluster.ClusterConfig
import dev.multiproc.cluster.ClusterPool
import dev.multiproc.dsl.Backend
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.dsl.spi.Engine
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext
import kotlin.time.toJavaDuration

/**
 * A `parallel { }` block on a cluster of `dev.multiproc.cluster.Member`s: the one-line change from
 * child JVMs on this machine to many machines.
 *
 * ```kotlin
 * val config = ClusterConfig.builder().clusterName("wordfreq").members("10.0.0.1", "10.0.0.2")
 *     .authkeyFile(Path.of("authkey")).build()
 * // was: parallel(processes = 4) {
 * parallel(backend = Backend.cluster(config)) {
 *     map(files) { file -> wordCount(file) }.toList()
 * }
 * ```
 *
 * ### What differs from [Backend.Processes]
 * - The block runs on the cluster's child JVMs: `map`'s default concurrency is their number, and
 *   `processes` is ignored. `taskTimeout` applies to a whole chunk of `map` (or one `run { }`),
 *   not to each item. `jvmOptions`, `environment`, `initializer` and `maxTasksPerChild` are the
 *   members' business (see `Member`'s options) and are ignored.
 * - A member that leaves has its chunks run again elsewhere (at most `ClusterConfig.retries`
 *   times), so a task may run more than once and should be idempotent; each result is delivered
 *   once. With `OnMemberLost.FAIL` the flow fails with `MemberLostException` instead.
 * - `process { }` fails with [UnsupportedOperationException]: a cluster runs tasks, not children.
 * - A task may capture none of this machine's primitives (`SharedInt`, `ProcessQueue`, locks, ...):
 *   the call fails at once with [IllegalArgumentException]; use [ClusterPool]'s counter, queue,
 *   lock or event.
 *
 * Cancellation kills the child JVMs running the block's tasks on their members, as it kills the
 * workers of [Backend.Processes].
 */
public class ClusterBackend private constructor(
    private val config: ClusterConfig?,
    private val lent: ClusterPool?,
) : Backend.Custom() {

    /**
     * Connects a [ClusterPool] for the block (a new session on the members, closed when the block
     * ends), or runs on the lent one, which the block leaves open.
     */
    override suspend fun start(spec: PoolSpec): Engine {
        if (lent != null) {
            require(spec.taskTimeout == null) {
                "taskTimeout = ${spec.taskTimeout} cannot be set on a block that runs on a lent ClusterPool: " +
                    "set it in that pool's ClusterConfig"
            }
            return ClusterEngine(lent, ownsPool = false)
        }
        val timeout = spec.taskTimeout
        val blockConfig = if (timeout == null) config!! else config!!.toBuilder().taskTimeout(timeout.toJavaDuration()).build()
        return ClusterEngine(connect(blockConfig), ownsPool = true)
    }

    /**
     * Connects on Dispatchers.IO; a cancellation meanwhile does not drop the connection: it is
     * closed before the cancellation is thrown.
     */
    private suspend fun connect(config: ClusterConfig): ClusterPool {
        var connected: ClusterPool? = null
        try {
            withContext(NonCancellable + Dispatchers.IO) { connected = ClusterPool(config) }
            currentCoroutineContext().ensureActive()
            return connected!!
        } catch (cancelled: CancellationException) {
            connected?.let { withContext(NonCancellable + Dispatchers.IO) { it.terminate() } }
            throw cancelled
        }
    }

    override fun toString(): String =
        if (lent != null) "Backend.cluster(a lent ClusterPool)" else "Backend.cluster(${config!!.clusterName()})"

    internal companion object {
        fun of(config: ClusterConfig) = ClusterBackend(config, null)
        fun lending(pool: ClusterPool) = ClusterBackend(null, pool)
    }
}

/**
 * The cluster of [config] as the backend of a `parallel { }` block: each block connects its own
 * [ClusterPool] and closes it when it ends. See [ClusterBackend].
 *
 * ```kotlin
 * parallel(backend = Backend.cluster(config)) { map(listOf(1, 2, 3)) { x -> x * x }.toList() }   // [1, 4, 9]
 * ```
 */
public fun Backend.Companion.cluster(config: ClusterConfig): Backend = ClusterBackend.of(config)

/**
 * [pool] as the backend of `parallel { }` blocks: they share its connection and its child JVMs on
 * the members (no start-up per block), and leave it open when they end; its owner closes it.
 *
 * ```kotlin
 * ClusterPool(config).use { pool ->
 *     repeat(10) { parallel(backend = Backend.cluster(pool)) { map(batch(it)) { x -> x * x }.toList() } }
 * }
 * ```
 */
public fun Backend.Companion.cluster(pool: ClusterPool): Backend = ClusterBackend.lending(pool)
