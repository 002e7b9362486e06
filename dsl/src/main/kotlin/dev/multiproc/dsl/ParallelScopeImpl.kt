package dev.multiproc.dsl

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.internal.ByValue
import dev.multiproc.dsl.internal.ChunkCall
import dev.multiproc.dsl.internal.ChunkScheduler
import dev.multiproc.dsl.internal.Chunking
import dev.multiproc.dsl.internal.Direct
import dev.multiproc.dsl.internal.FlowChunks
import dev.multiproc.dsl.internal.FixedChunks
import dev.multiproc.dsl.internal.GrowingChunks
import dev.multiproc.dsl.internal.MapInput
import dev.multiproc.dsl.internal.MapItem
import dev.multiproc.dsl.internal.ProcessRunner
import dev.multiproc.dsl.internal.PayloadCodec
import dev.multiproc.dsl.internal.ProcessTarget
import dev.multiproc.dsl.internal.TaskEncoding
import dev.multiproc.dsl.internal.TaskRunner
import dev.multiproc.dsl.internal.WorkCall
import dev.multiproc.dsl.internal.stop
import dev.multiproc.spi.PreEncodedFunction
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import java.lang.reflect.Type
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext

/** The scope of one `parallel { }` block (in this package: [ParallelScope] is sealed). */
internal class ParallelScopeImpl(
    private val scope: CoroutineScope,
    internal val runner: TaskRunner,
    private val spec: PoolSpec,
) : ParallelScope {
    private val processCount = AtomicInteger()

    override val coroutineContext: CoroutineContext get() = scope.coroutineContext
    override val processes: Int get() = runner.workers
    override val backend: Backend get() = spec.backend

    override suspend fun <R> run(work: Work<R>): R = runWork(workCall(work, "run { }"), "run { }")

    override fun <R> async(work: Work<R>): Deferred<R> {
        val call = workCall(work, "async { }")
        return scope.async { runWork(call, "async { }") }
    }

    private fun workCall(work: Work<*>, call: String): WorkCall =
        if (runner.serializes) WorkCall(TaskEncoding.encode(work, call), ByValue) else WorkCall(work, Direct)

    @Suppress("UNCHECKED_CAST")
    private suspend fun <R> runWork(call: WorkCall, label: String): R {
        val result = runner.run(call, label)
        return (if (runner.serializes) ByValue.decode(result) else result) as R
    }

    override suspend fun process(name: String?, work: Work<Unit>): ParallelProcess {
        val childName = name ?: "Process-${processCount.incrementAndGet()}"
        val encoded = if (runner.serializes) TaskEncoding.encode(work, "process { } $childName") else null
        val control = runner.startProcess(childName, ProcessTarget(work, encoded))
        // UNDISPATCHED: the body is waiting (and will stop the child on cancellation) before this returns.
        val job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                control.awaitExit()
            } catch (e: CancellationException) {
                control.stop()
                throw e
            }
        }
        return ParallelProcess(childName, control, job)
    }

    /** `map` and `mapUnordered`: the flow of [items] through [task]. */
    fun <T, R> mapFlow(
        items: Any, itemType: Type, resultType: Type, ordered: Boolean,
        concurrency: Int, chunkSize: Int, codec: Codec, task: Task<T, R>,
    ): Flow<R> {
        val call = if (ordered) "map()" else "mapUnordered()"
        require(concurrency >= 0) { "concurrency < 0 in $call: $concurrency" }
        require(chunkSize >= 0) { "chunkSize < 0 in $call: $chunkSize" }
        val shipped: Any = if (runner.serializes) TaskEncoding.encode(task, call) else task
        val itemCodec = if (runner.serializes) PayloadCodec.of(itemType, codec) else Direct
        val resultCodec = if (runner.serializes) PayloadCodec.of(resultType, codec) else Direct
        val running = when {
            concurrency > 0 -> concurrency
            spec.concurrency > 0 -> spec.concurrency
            else -> runner.workers
        }
        if (runner is ProcessRunner) {
            // values that travel as they are need no wrapper around the task in the workers; the
            // task goes with the bytes it was checked with above, not encoded a second time
            @Suppress("UNCHECKED_CAST")
            val function = if (itemCodec === Direct && resultCodec === Direct) PreEncodedFunction(task as Task<Any?, Any?>, shipped as ByteArray)
            else MapItem(shipped as ByteArray, itemCodec, resultCodec)
            return streamedMap(runner, items, ordered, running, chunkSize, function, itemCodec, resultCodec, call)
        }
        @Suppress("UNCHECKED_CAST")
        val chunks = when (items) {
            is Collection<*> -> Chunking.ofIterator({ items.iterator() },
                if (chunkSize > 0) chunkSize else Chunking.defaultSize(items.size, runner.workers))
            is Iterable<*> -> Chunking.ofIterator({ items.iterator() }, chunkSize)
            is Sequence<*> -> Chunking.ofIterator({ items.iterator() }, chunkSize)
            is Flow<*> -> Chunking.ofFlow(items, chunkSize)
            else -> throw IllegalArgumentException("$call needs an Iterable, a Sequence or a Flow: ${items.javaClass.name}")
        } as Flow<List<T>>
        // only the processes backend serializes, and it streams through the pool above: chunks here
        // run in this JVM, items and results as they are
        check(!runner.serializes) { "$call: a serializing runner must stream through a pool" }
        val runChunk: suspend (List<T>, Int) -> List<R> = { chunk, number ->
            val label = "chunk $number (${chunk.size} items) of $call"
            @Suppress("UNCHECKED_CAST")
            runner.run(ChunkCall(task as Task<Any?, Any?>, chunk), label) as List<R>
        }
        return if (ordered) ChunkScheduler.ordered(chunks, running, runChunk) else ChunkScheduler.unordered(chunks, running, runChunk)
    }

    /** The processes backend's `map`: one streaming job of the pool (see [ProcessRunner.map]). */
    private fun <R> streamedMap(
        runner: ProcessRunner, items: Any, ordered: Boolean, running: Int, chunkSize: Int,
        function: SerializableFunction<Any?, Any?>, itemCodec: PayloadCodec, resultCodec: PayloadCodec, call: String,
    ): Flow<R> {
        val noFeed: (CoroutineScope, MapInput<*>) -> Unit = { _, _ -> }
        fun fromIterator(iterator: () -> Iterator<*>, size: Int): Flow<R> = runner.map(
            { if (size > 0) FixedChunks(iterator(), size, itemCodec) else GrowingChunks(iterator(), itemCodec) },
            noFeed, function, resultCodec, ordered, running, call)
        return when (items) {
            is Collection<*> -> fromIterator({ items.iterator() },
                if (chunkSize > 0) chunkSize else Chunking.defaultSize(items.size, runner.workers))
            is Iterable<*> -> fromIterator({ items.iterator() }, chunkSize)
            is Sequence<*> -> fromIterator({ items.iterator() }, chunkSize)
            is Flow<*> -> runner.map({ FlowChunks(itemCodec) }, { scope, input ->
                @Suppress("UNCHECKED_CAST")
                (input as FlowChunks).feed(scope, Chunking.ofFlow(items, chunkSize) as Flow<List<Any?>>)
            }, function, resultCodec, ordered, running, call)
            else -> throw IllegalArgumentException("$call needs an Iterable, a Sequence or a Flow: ${items.javaClass.name}")
        }
    }
}
