package dev.multiproc.cluster.dsl

import dev.multiproc.cluster.ClusterCounter
import dev.multiproc.cluster.ClusterPool
import dev.multiproc.cluster.LocalCluster
import dev.multiproc.cluster.SharedCluster
import dev.multiproc.dsl.Backend
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.dsl.acceptance.AcceptanceTarget
import dev.multiproc.dsl.acceptance.Counter
import dev.multiproc.dsl.spi.Engine
import java.util.UUID
import kotlin.time.Duration.Companion.seconds

/**
 * The DSL's acceptance suite on the shared three-member cluster. Blocks run on one lent
 * [ClusterPool] (no connection per block), except a block that sets its own `taskTimeout`, which
 * connects its own pool as `Backend.cluster(config)` does.
 */
class ClusterTarget : AcceptanceTarget, AutoCloseable {
    private val cluster: LocalCluster by lazy { SharedCluster.get() }
    private val connection = lazy { ClusterPool(cluster.config()) }
    private val pool: ClusterPool by connection

    override val backend: Backend = object : Backend.Custom() {
        override suspend fun start(spec: PoolSpec): Engine {
            val backend = if (spec.taskTimeout == null) Backend.cluster(pool) else Backend.cluster(cluster.config())
            return (backend as Backend.Custom).start(spec)
        }

        override fun toString() = "Backend.cluster"
    }

    override val runsInTestJvm get() = false
    override val killsTasks get() = true
    override val serializes get() = true

    // the member kills the child JVM running the task, after a hop over the network
    override val collectorStopsWithin get() = 10.seconds
    override val blockStopsWithin get() = 10.seconds

    override fun workers(requested: Int) = pool.processes()

    override fun counter(): Counter = ClusterTestCounter(pool.counter("acceptance-${UUID.randomUUID()}"))

    /** Terminates the lent pool, when one was connected. */
    override fun close() {
        if (connection.isInitialized()) pool.terminate()
    }

    override fun toString() = "Backend.cluster"
}

/** A [Counter] in the cluster's map, for tasks on any member. */
class ClusterTestCounter(private val counter: ClusterCounter) : Counter {
    override fun get() = counter.get()
    override fun set(value: Long) = counter.set(value)
    override fun incrementAndGet() = counter.incrementAndGet()
    override fun decrementAndGet() = counter.addAndGet(-1)
    override fun close() {}
}
