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
 * `parallel { }` on three local members, through [Backend.cluster]: the DSL's semantics (order,
 * back-pressure, failure, cancellation that kills) with the cluster's own (member loss survived,
 * this machine's primitives refused at the call).
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

    test("map keeps input order over an Iterable and a Flow, on a block's own connection") {
        parallel(backend = Backend.cluster(cluster.config())) {
            map((1..100).toList()) { x -> x * x }.toList() shouldBe (1..100).map { it * it }
            map((1..30).asFlow(), chunkSize = 4) { x -> "#$x" }.toList() shouldBe (1..30).map { "#$it" }
            map(emptyList<Int>()) { x -> x }.toList() shouldBe emptyList()
        }
    }

    test("mapUnordered yields in completion order") {
        val othersReceived = pool.event(fresh("received"))
        parallel(backend = Backend.cluster(pool)) {
            var received = 0
            // item 0 waits until the collector has received the other three: it must come last
            val order = mapUnordered(listOf(0, 1, 2, 3), chunkSize = 1) { i ->
                if (i == 0) check(othersReceived.await(Duration.ofSeconds(60))) { "the others never arrived" }
                i
            }.onEach { if (++received == 3) othersReceived.set() }.toList()
            order.last() shouldBe 0
            order shouldContainExactlyInAnyOrder listOf(0, 1, 2, 3)
        }
    }

    test("a collector that stops early ends the map, and the pool goes on serving") {
        parallel(backend = Backend.cluster(pool)) {
            map((1..20_000).toList()) { x -> x * 2 }.take(3).toList() shouldBe listOf(2, 4, 6)
            run { 6 * 7 } shouldBe 42
            async { "a".repeat(3) }.await() shouldBe "aaa"
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

    test("cancelling the collector kills the child JVMs running its tasks on the members; the pool goes on") {
        val started = pool.counter(fresh("started"))
        val pids = listOf(pool.counter(fresh("pid")), pool.counter(fresh("pid")))
        parallel(backend = Backend.cluster(pool)) {
            val collector: Job = launch {
                map<Int, Unit>(listOf(0, 1), chunkSize = 1) { i ->
                    pids[i].set(ProcessHandle.current().pid())
                    started.incrementAndGet()
                    Thread.sleep(Long.MAX_VALUE)
                }.collect()
            }
            eventually("both tasks started") { started.get() == 2L }
            collector.cancelAndJoin()
            for (pid in pids) awaitExit(pid.get())
            run { 1 + 1 } shouldBe 2
        }
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

    test("a task that cannot be serialized fails at the call with SerializationException, nothing sent") {
        val notSerializable = Any()
        val e = shouldThrow<SerializationException> {
            parallel(backend = Backend.cluster(pool)) {
                map(listOf(1, 2)) { x -> "$x $notSerializable" }.toList()
            }
        }
        e.message shouldContain "java.lang.Object"
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

    test("a task running longer than taskTimeout fails with TaskTimeoutException") {
        val e = shouldThrow<TaskTimeoutException> {
            parallel(backend = Backend.cluster(cluster.config()), configure = { taskTimeout = 500.milliseconds }) {
                run { Thread.sleep(Long.MAX_VALUE) }
            }
        }
        e.message shouldContain "timed out"
    }

    test("process { } and a flow collected after its block fail with clear errors") {
        shouldThrow<UnsupportedOperationException> {
            parallel(backend = Backend.cluster(pool)) { process("child") { } }
        }.message shouldContain "cannot run on a cluster"
        val escaped: Flow<Int> = parallel(backend = Backend.cluster(pool)) { map(listOf(1)) { x -> x } }
        shouldThrow<IllegalStateException> { escaped.first() }.message shouldContain "released"
        parallel(backend = Backend.cluster(pool)) { run { 1 + 1 } } shouldBe 2   // a lent pool stays open
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
