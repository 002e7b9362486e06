package dev.multiproc.dsl

import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.internal.ByValue
import dev.multiproc.dsl.internal.Chunking
import dev.multiproc.dsl.internal.Direct
import dev.multiproc.dsl.internal.InputCount
import dev.multiproc.dsl.internal.MapItem
import dev.multiproc.dsl.internal.PayloadCodec
import dev.multiproc.dsl.internal.TaskEncoding
import dev.multiproc.dsl.internal.WorkCall
import dev.multiproc.dsl.internal.reportingProgress
import dev.multiproc.dsl.internal.stop
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.dsl.spi.MapCall
import dev.multiproc.dsl.spi.MapInput
import dev.multiproc.dsl.spi.ProcessTarget
import dev.multiproc.spi.PreEncodedFunction
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import java.lang.reflect.Type
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext

/** The scope of one `parallel { }` block (in this package: [ParallelScope] is sealed). */
internal class ParallelScopeImpl(
    private val scope: CoroutineScope,
    internal val engine: Engine,
    private val spec: PoolSpec,
) : ParallelScope {
    private val processCount = AtomicInteger()

    override val coroutineContext: CoroutineContext get() = scope.coroutineContext
    override val processes: Int get() = engine.workers
    override val backend: Backend get() = spec.backend

    override suspend fun <R> run(work: Work<R>): R = runWork(workCall(work, "run { }"), "run { }")

    override fun <R> async(work: Work<R>): Deferred<R> {
        val call = workCall(work, "async { }")
        return scope.async { runWork(call, "async { }") }
    }

    private fun workCall(work: Work<*>, call: String): WorkCall =
        if (engine.serializes) WorkCall(TaskEncoding.encode(work, call), ByValue) else WorkCall(work, Direct)

    @Suppress("UNCHECKED_CAST")
    private suspend fun <R> runWork(call: WorkCall, label: String): R {
        val result = engine.run(call, label)
        return (if (engine.serializes) ByValue.decode(result) else result) as R
    }

    override suspend fun process(name: String?, work: Work<Unit>): ParallelProcess {
        val childName = name ?: "Process-${processCount.incrementAndGet()}"
        val encoded = if (engine.serializes) TaskEncoding.encode(work, "process { } $childName") else null
        val control = engine.startProcess(childName, ProcessTarget(work, encoded))
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

    /** `map` and `mapUnordered`: the flow of [items] through [task], run by the engine. */
    fun <T, R> mapFlow(
        items: Any, itemType: Type, resultType: Type, ordered: Boolean,
        concurrency: Int, chunkSize: Int, codec: Codec, onProgress: (suspend (Progress) -> Unit)?, task: Task<T, R>,
    ): Flow<R> {
        val call = if (ordered) "map()" else "mapUnordered()"
        require(concurrency >= 0) { "concurrency < 0 in $call: $concurrency" }
        require(chunkSize >= 0) { "chunkSize < 0 in $call: $chunkSize" }
        @Suppress("UNCHECKED_CAST")
        val anyTask = task as Task<Any?, Any?>
        val itemCodec = if (engine.serializes) PayloadCodec.of(itemType, codec) else Direct
        val resultCodec = if (engine.serializes) PayloadCodec.of(resultType, codec) else Direct
        val function: SerializableFunction<Any?, Any?> = when {
            !engine.serializes -> anyTask
            // values that travel as they are need no wrapper around the task in the workers; the
            // task goes with the bytes it was checked with here, not encoded a second time
            itemCodec === Direct && resultCodec === Direct -> PreEncodedFunction(anyTask, TaskEncoding.encode(task, call))
            else -> MapItem(TaskEncoding.encode(task, call), itemCodec, resultCodec)
        }
        val running = when {
            concurrency > 0 -> concurrency
            spec.concurrency > 0 -> spec.concurrency
            else -> engine.workers
        }
        fun mapCall(count: InputCount?) = MapCall(call, mapInput(items, chunkSize, itemCodec, call, count), function, ordered, running)
        val unreported = mapCall(null) // also checks the input's type, at the call
        val results = if (onProgress == null) {
            engine.map(unreported)
        } else {
            // a call per collection, so that each collection counts its own input
            reportingProgress((items as? Collection<*>)?.size?.toLong(), onProgress) { count -> engine.map(mapCall(count)) }
        }
        @Suppress("UNCHECKED_CAST")
        return (if (resultCodec === Direct) results else results.map(resultCodec::decode)) as Flow<R>
    }

    /**
     * [items] as the engine reads them: encoded by [codec] as they are read, in chunks of
     * [chunkSize] or the default, and counted by [count] when progress is reported.
     */
    private fun mapInput(items: Any, chunkSize: Int, codec: PayloadCodec, call: String, count: InputCount?): MapInput {
        fun encoded(items: Iterator<*>): Iterator<Any?> {
            val iterator = count?.counting(items) ?: items
            return if (codec === Direct) iterator else iterator.asSequence().map(codec::encode).iterator()
        }
        fun encoded(items: Flow<*>): Flow<Any?> {
            val flow = count?.counting(items) ?: items
            return if (codec === Direct) flow else flow.map(codec::encode)
        }
        return when (items) {
            is Collection<*> -> MapInput.Items({ encoded(items.iterator()) },
                if (chunkSize > 0) chunkSize else Chunking.defaultSize(items.size, engine.workers))
            is Iterable<*> -> MapInput.Items({ encoded(items.iterator()) }, chunkSize)
            is Sequence<*> -> MapInput.Items({ encoded(items.iterator()) }, chunkSize)
            is Flow<*> -> MapInput.Emitted(encoded(items), chunkSize)
            else -> throw IllegalArgumentException("$call needs an Iterable, a Sequence or a Flow: ${items.javaClass.name}")
        }
    }
}
