package dev.multiproc.dsl

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.internal.ChunkScheduler
import dev.multiproc.dsl.internal.Chunking
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.dsl.spi.MapCall
import dev.multiproc.dsl.spi.MapInput
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.mockk.every
import io.mockk.mockk
import io.mockk.slot
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import java.util.concurrent.atomic.AtomicInteger

/** The chunk scheduler and chunking: pure coroutine logic, on virtual time, against a fake engine. */
class ChunkSchedulerSpec : FunSpec({
    val identity = SerializableFunction<Any?, Any?> { it }

    /** The map of the items `0 until n` in chunks of [size], through [runChunk]. */
    @Suppress("UNCHECKED_CAST")
    fun schedule(n: Int, size: Int, concurrency: Int, ordered: Boolean, runChunk: suspend (List<Int>, Int) -> List<Int>) =
        ChunkScheduler.run(MapCall("map()", MapInput.Items({ (0 until n).iterator() }, size), identity, ordered, concurrency)) { chunk, number ->
            runChunk(chunk as List<Int>, number)
        } as Flow<Int>

    fun ordered(n: Int, size: Int, concurrency: Int, runChunk: suspend (List<Int>, Int) -> List<Int>) =
        schedule(n, size, concurrency, true, runChunk)

    fun unordered(n: Int, size: Int, concurrency: Int, runChunk: suspend (List<Int>, Int) -> List<Int>) =
        schedule(n, size, concurrency, false, runChunk)

    test("ordered emits in input order when chunks complete in reverse order") {
        runTest {
            val completed = mutableListOf<Int>()
            val out = ordered(12, 3, concurrency = 4) { chunk, number ->
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
            val out = unordered(4, 1, concurrency = 4) { chunk, number ->
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
                val flow = schedule(40, 1, 3, ordered, run)
                flow.toList().sorted() shouldBe (0 until 40).toList()
                peak.get() shouldBe 3
            }
        }
    }

    test("ordered and unordered read the input no further than 4 * concurrency chunks ahead of a stalled collector") {
        runTest {
            for (inOrder in listOf(true, false)) {
                val started = AtomicInteger()
                // chunks of 256 items: 4 per running chunk is the bound (more than 1,024 items)
                val first = schedule(100 * 256, 256, concurrency = 2, ordered = inOrder) { chunk, _ ->
                    started.incrementAndGet()
                    chunk
                }.onEach { delay(1_000_000) }.take(1).toList()
                first shouldBe listOf(0)
                // the chunk being emitted, and readAhead = 4 * 2 more, as the processes backend reads
                started.get() shouldBe 9
            }
        }
    }

    test("small chunks are read about 1,024 items ahead of a stalled collector") {
        runTest {
            val started = AtomicInteger()
            schedule(2000, 1, concurrency = 2, ordered = true) { chunk, _ ->
                started.incrementAndGet()
                chunk
            }.onEach { delay(1_000_000) }.take(1).toList()
            started.get() shouldBe 1025
        }
    }

    test("a failing chunk fails the flow and cancels the chunks still running") {
        runTest {
            val cancelled = AtomicInteger()
            val e = shouldThrow<IllegalStateException> {
                ordered(3, 1, concurrency = 3) { chunk, number ->
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

    test("the scope hands a map to the engine as one call: default chunk size, the task as it is on threads") {
        val engine = mockk<Engine>()
        every { engine.workers } returns 1
        every { engine.serializes } returns false
        val call = slot<MapCall>()
        every { engine.map(capture(call)) } answers {
            ChunkScheduler.run(call.captured) { chunk, _ -> chunk.map(call.captured.function::apply) }
        }
        runTest {
            val scope = ParallelScopeImpl(this, engine, PoolSpec(1, Backend.Threads))
            scope.map((1..100).toList()) { x -> x + 1 }.toList() shouldBe (2..101).toList()
        }
        // ceil(100 / (4 * 1)) = 25 items per chunk
        (call.captured.input as MapInput.Items).chunkSize shouldBe 25
        call.captured.ordered shouldBe true
        call.captured.concurrency shouldBe 1
        call.captured.readAhead shouldBe 1024 / 25
    }
})
