package dev.multiproc.dsl

import dev.multiproc.SerializableCallable
import dev.multiproc.dsl.internal.ChunkScheduler
import dev.multiproc.dsl.internal.Chunking
import dev.multiproc.dsl.internal.TaskRunner
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.mockk.coEvery
import io.mockk.coVerify
import io.mockk.every
import io.mockk.mockk
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import java.util.concurrent.atomic.AtomicInteger

/** The chunk scheduler and chunking: pure coroutine logic, on virtual time, against a fake runner. */
class ChunkSchedulerSpec : FunSpec({
    fun chunksOf(n: Int, size: Int) = (0 until n).chunked(size).asFlow()

    test("ordered emits in input order when chunks complete in reverse order") {
        runTest {
            val completed = mutableListOf<Int>()
            val out = ChunkScheduler.ordered(chunksOf(12, 3), concurrency = 4) { chunk, number ->
                delay(100L * (4 - number))
                completed += number
                chunk.map { it * 10 }
            }.toList()
            out shouldBe (0 until 12).map { it * 10 }
            completed shouldBe listOf(3, 2, 1, 0)
        }
    }

    test("unordered emits chunks as they complete") {
        runTest {
            val out = ChunkScheduler.unordered(chunksOf(4, 1), concurrency = 4) { chunk, number ->
                delay(100L * (4 - number))
                chunk
            }.toList()
            out shouldBe listOf(3, 2, 1, 0)
        }
    }

    test("at most concurrency chunks run at once, ordered and unordered") {
        runTest {
            for (ordered in listOf(true, false)) {
                val running = AtomicInteger()
                val peak = AtomicInteger()
                val run: suspend (List<Int>, Int) -> List<Int> = { chunk, _ ->
                    peak.accumulateAndGet(running.incrementAndGet(), ::maxOf)
                    delay(10)
                    running.decrementAndGet()
                    chunk
                }
                val flow = if (ordered) ChunkScheduler.ordered(chunksOf(40, 1), 3, run) else ChunkScheduler.unordered(chunksOf(40, 1), 3, run)
                flow.toList().sorted() shouldBe (0 until 40).toList()
                peak.get() shouldBe 3
            }
        }
    }

    test("ordered reads the input no further than concurrency chunks ahead of a stalled collector") {
        runTest {
            val started = AtomicInteger()
            val first = ChunkScheduler.ordered(chunksOf(100, 1), concurrency = 2) { chunk, _ ->
                started.incrementAndGet()
                chunk
            }.onEach { delay(1_000_000) }.take(1).toList()
            first shouldBe listOf(0)
            // one chunk being emitted, two finished in the channel, one started and waiting to enter it
            started.get() shouldBe 4
        }
    }

    test("a failing chunk fails the flow and cancels the chunks still running") {
        runTest {
            val cancelled = AtomicInteger()
            val e = shouldThrow<IllegalStateException> {
                ChunkScheduler.ordered(chunksOf(3, 1), concurrency = 3) { chunk, number ->
                    when (number) {
                        2 -> { delay(10); error("chunk 2 failed") }
                        else -> try { awaitCancellation() } finally { cancelled.incrementAndGet() }
                    }
                    chunk
                }.toList()
            }
            e.message shouldBe "chunk 2 failed"
            cancelled.get() shouldBe 2
        }
    }

    test("chunk sizes: Python's default for a known size, growing for an unknown one, what has arrived for a flow") {
        Chunking.defaultSize(100, 2) shouldBe 13
        Chunking.defaultSize(3, 4) shouldBe 1
        Chunking.defaultSize(-1, 4) shouldBe 0
        runTest {
            Chunking.ofIterator({ (0 until 300).iterator() }, 0).toList().map { it.size } shouldBe
                listOf(1, 2, 4, 8, 16, 32, 64, 64, 64, 45)
            Chunking.ofIterator({ (0 until 10).iterator() }, 4).toList() shouldBe listOf(listOf(0, 1, 2, 3), listOf(4, 5, 6, 7), listOf(8, 9))
            val arriving = flow {
                repeat(6) { emit(it) }
                delay(100)
                emit(6)
            }
            val chunks = Chunking.ofFlow(arriving, 4).toList()
            chunks.flatten() shouldBe (0..6).toList()
            chunks.last() shouldBe listOf(6) // waited for, not held back to fill a chunk
            chunks.all { it.size <= 4 } shouldBe true
        }
    }

    test("map sends one task per chunk to the runner and decodes nothing on threads") {
        val runner = mockk<TaskRunner>()
        every { runner.workers } returns 1
        every { runner.serializes } returns false
        coEvery { runner.run(any(), any()) } coAnswers { firstArg<SerializableCallable<Any?>>().call() }
        runTest {
            val scope = ParallelScopeImpl(this, runner, PoolSpec(1, Backend.Threads))
            scope.map((1..100).toList()) { x -> x + 1 }.toList() shouldBe (2..101).toList()
        }
        // ceil(100 / (4 * 1)) = 25 items per chunk
        coVerify(exactly = 4) { runner.run(any(), match { it.endsWith("(25 items) of map()") }) }
    }
})
