package dev.multiproc.cluster.dsl

import dev.multiproc.RemoteException
import dev.multiproc.SerializationException
import dev.multiproc.cluster.ChildLeakCheck
import dev.multiproc.cluster.ClusterPool
import dev.multiproc.cluster.LocalCluster
import dev.multiproc.cluster.SharedCluster
import dev.multiproc.dsl.Backend
import dev.multiproc.dsl.map
import dev.multiproc.dsl.mapUnordered
import dev.multiproc.dsl.parallel
import dev.multiproc.pool.TaskTimeoutException
import dev.multiproc.shared.SharedInt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.time.Duration
import java.util.UUID
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * What only `parallel { }` on a cluster does, on three local members: a block on its own
 * connection, failures named by chunk, member loss survived, this machine's primitives and
 * `process { }` refused at the call. The DSL's semantics common to every backend (order,
 * back-pressure, failure, cancellation that kills, timeouts) are [ClusterAcceptanceSpec]'s.
 */
class ClusterBackendSpec : FunSpec({
    lateinit var cluster: LocalCluster
    lateinit var pool: ClusterPool

    beforeSpec {
        cluster = SharedCluster.get()
        pool = ClusterPool(cluster.config())
    }
    afterSpec {
        withContext(Dispatchers.IO) {
            pool.terminate()
            ChildLeakCheck.assertNoneLeft("ClusterBackendSpec")
        }
    }

    /** A name no other test uses, for the cluster's counters and events. */
    fun fresh(what: String) = "$what-${UUID.randomUUID()}"

    test("a block on its own connection maps in order, and closes the connection when it ends") {
        parallel(backend = Backend.cluster(cluster.config())) {
            map((1..30).asFlow(), chunkSize = 4) { x -> "#$x" }.toList() shouldBe (1..30).map { "#$it" }
        }
    }

    test("a failing item fails the flow with a RemoteException naming its chunk, the item's exception as cause") {
        val e = shouldThrow<RemoteException> {
            parallel(backend = Backend.cluster(pool)) {
                map((1..10).toList(), chunkSize = 1) { x -> check(x != 7) { "seven is not allowed" }; x }.toList()
            }
        }
        e.message shouldContain "chunk 6 (1 items) of map()"
        e.remoteClassName() shouldBe "java.lang.IllegalStateException"
        e.cause.shouldBeInstanceOf<IllegalStateException>().message shouldBe "seven is not allowed"
    }

    test("cancelling the parallel block kills its running task; the block's connection is closed") {
        val started = pool.counter(fresh("started"))
        val pid = pool.counter(fresh("pid"))
        coroutineScope {
            val block = launch {
                parallel(backend = Backend.cluster(cluster.config())) {
                    run { pid.set(ProcessHandle.current().pid()); started.incrementAndGet(); Thread.sleep(Long.MAX_VALUE) }
                }
            }
            eventually("the task started") { started.get() == 1L }
            val start = System.nanoTime()
            block.cancelAndJoin()   // parallel returns once its pool is terminated
            awaitExit(pid.get())
            (System.nanoTime() - start) shouldBeLessThan TimeUnit.SECONDS.toNanos(30)
        }
    }

    test("a member killed during a map: every result exactly once, in order") {
        // once here (each run restarts a member); MemberLossTest repeats the kill under the same scheduler
        val items = (0 until 120).toList()
        val victim = 2
        try {
            val results = parallel(backend = Backend.cluster(pool)) {
                var seen = 0
                map(items, chunkSize = 2) { x -> spin(x) }.onEach {
                    if (++seen == items.size / 3) withContext(Dispatchers.IO) { cluster.kill(victim) }
                }.toList()
            }
            results shouldBe items
        } finally {
            withContext(Dispatchers.IO) { cluster.replace(victim) }
        }
    }

    test("a task that captures this machine's shared memory fails at the call with IllegalArgumentException") {
        SharedInt().use { local ->
            val e = shouldThrow<IllegalArgumentException> {
                parallel(backend = Backend.cluster(pool)) {
                    run { local.get() }
                }
            }
            e.message shouldContain "SharedMemory or a shared value"
        }
    }

    test("process { } fails with a clear error, and a lent pool stays open") {
        shouldThrow<UnsupportedOperationException> {
            parallel(backend = Backend.cluster(pool)) { process("child") { } }
        }.message shouldContain "cannot run on a cluster"
        parallel(backend = Backend.cluster(pool)) { run { 1 + 1 } } shouldBe 2
    }
})

/** Some CPU per item, so that the map is still running when a third of its results are in. */
fun spin(x: Int): Int {
    var h = x.toLong()
    for (i in 0 until 200_000) h = h * 31 + i
    return if (h == 42L) -1 else x
}

/** Polls [condition] every 10 ms for at most 60 s (members and their child JVMs may be slow on a busy machine). */
suspend fun eventually(what: String, condition: () -> Boolean) {
    withTimeout(60.seconds) {
        while (!condition()) delay(10)
    }
    check(condition()) { what }
}

/** Waits at most 30 s for the process [pid] (a child JVM of a local member) to exit. */
suspend fun awaitExit(pid: Long) {
    check(pid > 0) { "no pid recorded" }
    withContext(Dispatchers.IO) {
        ProcessHandle.of(pid).ifPresent { it.onExit().get(30, TimeUnit.SECONDS) }
    }
}
