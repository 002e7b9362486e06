package dev.multiproc.dsl

import dev.multiproc.dsl.acceptance.currentPid
import dev.multiproc.dsl.acceptance.eventually
import dev.multiproc.dsl.acceptance.sleepForever
import dev.multiproc.pool.BrokenPoolException
import dev.multiproc.shared.SharedInt
import dev.multiproc.shared.SharedLongArray
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** `parallel` keeps its workers warm for the next block with the same settings ([PoolSpec.keepAlive]). */
class KeptWorkersSpec : FunSpec({
    suspend fun workerPids(processes: Int, configure: PoolSpec.() -> Unit = {}): Set<Long> =
        parallel(processes, configure = configure) { map((0 until 40).toList(), chunkSize = 1) { currentPid() }.toList().toSet() }

    fun alive(pids: Set<Long>): Boolean = pids.any { pid -> ProcessHandle.of(pid).map { it.isAlive }.orElse(false) }

    afterEach { IdleWorkers.release() }

    test("the next block with the same settings runs on the same workers, which stay alive in between") {
        val first = workerPids(2)
        IdleWorkers.count shouldBe 2
        alive(first) shouldBe true
        val second = workerPids(2)
        second shouldBe first
        IdleWorkers.count shouldBe 2
    }

    test("blocks with other settings do not share workers") {
        val two = workerPids(2)
        val one = workerPids(1)
        val withOption = workerPids(1) { jvmOptions("-Dkept.workers.test=1") }
        (two intersect one) shouldBe emptySet()
        (one intersect withOption) shouldBe emptySet()
        IdleWorkers.count shouldBe 4
        workerPids(1) shouldBe one
        workerPids(1) { jvmOptions("-Dkept.workers.test=1") } shouldBe withOption
    }

    test("at most 4 idle pools are kept: parking a fifth ends the one idle the longest") {
        val pids = (1..5).map { n -> workerPids(1) { jvmOptions("-Dkept.workers.n=$n") } }
        IdleWorkers.count shouldBe 4
        eventually("the first block's worker exited") { !alive(pids.first()) }
        pids.drop(1).all { alive(it) } shouldBe true
    }

    test("two blocks at the same time never share a worker") {
        workerPids(1) // one kept worker for the first of the two to take
        SharedInt().use { started ->
            val (a, b) = coroutineScope {
                val release = CompletableDeferred<Unit>()
                fun block() = async {
                    parallel(processes = 1) {
                        run { started.incrementAndGet(); currentPid() }.also { release.await() }
                    }
                }
                val a = block()
                val b = block()
                eventually("both blocks ran their task") { started.get() == 2 }
                release.complete(Unit)
                a.await() to b.await()
            }
            a shouldNotBe b
            IdleWorkers.count shouldBe 2
        }
    }

    test("a broken pool is not kept: the next block with the same settings starts its own workers") {
        repeat(2) {
            shouldThrow<BrokenPoolException> {
                parallel(processes = 1, configure = { initializer { error("no model to load") } }) { run { 1 } }
            }.message shouldContain "initializer"
            IdleWorkers.count shouldBe 0
        }
    }

    test("keepAlive = ZERO terminates the workers when the block ends") {
        val pids = workerPids(2) { keepAlive = Duration.ZERO }
        alive(pids) shouldBe false
        IdleWorkers.count shouldBe 0
    }

    test("kept workers exit when their keep-alive runs out") {
        val pids = workerPids(1) { keepAlive = 1.seconds }
        IdleWorkers.count shouldBe 1
        eventually("the kept worker exited") { !alive(pids) }
        IdleWorkers.count shouldBe 0
    }

    test("a cancelled block keeps no worker, and IdleWorkers.release ends the kept ones at once") {
        val kept = workerPids(2)
        SharedLongArray(1).use { pid ->
            SharedInt().use { started ->
                coroutineScope {
                    val block = launch {
                        parallel(processes = 1) { run { pid.set(0, currentPid()); started.incrementAndGet(); sleepForever() } }
                    }
                    eventually("the task started") { started.get() == 1 }
                    block.cancelAndJoin()
                }
                ProcessHandle.of(pid.get(0)).map { it.isAlive }.orElse(false) shouldBe false
            }
        }
        IdleWorkers.count shouldBe 2 // the earlier block's, not the cancelled one's
        IdleWorkers.release()
        IdleWorkers.count shouldBe 0
        alive(kept) shouldBe false
    }

    test("a JVM that exits with kept workers takes them with it, and does not wait for their keep-alive") {
        SharedLongArray(2).use { grandchildren ->
            val start = System.nanoTime()
            parallel(processes = 1) {
                val child = process {
                    runBlocking {
                        val pids = parallel(processes = 2) { map(listOf(0, 1), chunkSize = 1) { currentPid() }.toList() }
                        pids.forEachIndexed { i, pid -> grandchildren.set(i, pid) }
                    }
                }
                child.join()
                child.exitCode shouldBe 0
            }
            val pids = (0 until 2).map { grandchildren.get(it) }
            pids.forEach { it shouldNotBe 0L }
            for (pid in pids) ProcessHandle.of(pid).ifPresent { it.onExit().get(30, TimeUnit.SECONDS) }
            alive(pids.toSet()) shouldBe false
            (System.nanoTime() - start) shouldBeLessThan TimeUnit.SECONDS.toNanos(45) // not held for the 60 s keep-alive
        }
    }
})
