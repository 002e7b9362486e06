package dev.multiproc.dsl

import dev.multiproc.dsl.acceptance.currentPid
import dev.multiproc.dsl.acceptance.eventually
import dev.multiproc.dsl.acceptance.sleepForever
import dev.multiproc.pool.Pool
import dev.multiproc.shared.SharedInt
import dev.multiproc.shared.SharedLongArray
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import java.time.Duration
import java.util.concurrent.TimeUnit

/** `parallel(pool)`: blocks borrow a pool the caller keeps. */
class LentPoolSpec : FunSpec({
    test("blocks borrow the same warm workers, and the pool outlives them") {
        Pool(2).use { pool ->
            pool.awaitReady(Duration.ofMinutes(1)) shouldBe true
            val workers = pool.workerPids().toSet()
            val first = parallel(pool) { map((0 until 40).toList(), chunkSize = 1) { currentPid() }.toList().toSet() }
            val second = parallel(pool) { map((0 until 40).toList(), chunkSize = 1) { currentPid() }.toList().toSet() }
            workers.size shouldBe 2
            (first + second - workers) shouldBe emptySet() // only the pool's own workers served both blocks
            pool.workerPids().toSet() shouldBe workers
            pool.map({ x: Int -> x + 1 }, listOf(1, 2, 3)) shouldBe listOf(2, 3, 4)
        }
    }

    test("a flow collected after its block fails with IllegalStateException, and the pool goes on") {
        Pool(1).use { pool ->
            val escaped: Flow<Int> = parallel(pool) { map(listOf(1)) { x -> x } }
            shouldThrow<IllegalStateException> { escaped.first() }.message shouldContain "released"
            pool.apply({ x: Int -> x * 3 }, 5) shouldBe 15
        }
    }

    test("cancelling a block kills the worker running its task within 1 s; the pool replaces it") {
        Pool(1).use { pool ->
            SharedLongArray(1).use { pids ->
                SharedInt().use { started ->
                    coroutineScope {
                        val block = launch {
                            parallel(pool) { run { pids.set(0, currentPid()); started.incrementAndGet(); sleepForever() } }
                        }
                        eventually("the task started") { started.get() == 1 }
                        val start = System.nanoTime()
                        block.cancelAndJoin()
                        ProcessHandle.of(pids.get(0)).ifPresent { it.onExit().get(1, TimeUnit.SECONDS) }
                        (System.nanoTime() - start) shouldBeLessThan TimeUnit.SECONDS.toNanos(1)
                    }
                    val replacement = parallel(pool) { run { currentPid() } }
                    (replacement != pids.get(0)) shouldBe true
                }
            }
        }
    }

    test("supervisorParallel on a lent pool: a failing task fails only its own await") {
        Pool(2).use { pool ->
            val outcomes = supervisorParallel(pool, concurrency = 1) {
                listOf(async { require(false) { "bad" } }, async { 5 }).map { runCatching { it.await() } }
            }
            outcomes[0].isFailure shouldBe true
            outcomes[1].getOrNull() shouldBe 5
        }
    }
})
