package dev.multiproc.dsl

import kotlinx.coroutines.flow.Flow
import java.lang.reflect.Type
import kotlin.reflect.javaType
import kotlin.reflect.typeOf

/**
 * Applies [task] to every item on the workers; a cold [Flow] of the results in input order.
 *
 * ```kotlin
 * parallel(processes = 4) {
 *     map(files) { file -> wordCount(file) }
 *         .buffer(16)                       // at most 16 results waiting for the collector
 *         .collect { counts -> total.merge(counts) }
 * }
 * ```
 *
 * Nothing runs until the flow is collected, and each collection runs the tasks again. The input
 * is read lazily, as chunks are dispatched.
 *
 * ### Chunks
 * Items travel in chunks, one task each, so that trivial items do not pay a round trip each: for
 * a `Collection`, `ceil(size / (4 * processes))` items (Python's default); for other inputs sizes
 * 1, 2, 4, ... 64; for a [Flow], what has arrived, up to 64. [chunkSize] overrides it (1: one
 * item per task, best when items are few and costly).
 *
 * ### Back-pressure
 * At most [concurrency] chunks run at once (default: [ParallelScope.processes], or
 * [PoolSpec.concurrency]), and the input is read at most `4 * concurrency` chunks, or about 1,024
 * items when chunks are small, ahead of the collector, on every backend: a default chunked
 * `Collection` is dispatched whole, a slow chunk does not idle the other workers, and a slow
 * collector slows the reading down. A downstream `buffer()` decides how many results wait for a
 * slow collector.
 *
 * ### Failure and cancellation
 * A task that throws fails the flow with a `dev.multiproc.RemoteException` (cause: the task's
 * exception with the worker's stack trace) and cancels the other chunks, whose workers are
 * killed. Cancelling the collector does the same.
 *
 * ### Progress
 * [onProgress] is told how many items are done, and how many there are once known, on the
 * collector's coroutine: `Progress(0, total)` first, one report per result, and a last one
 * saying how the collection ended (see [Progress]). Python's `tqdm(pool.imap(f, files),
 * total=len(files))` is:
 *
 * ```kotlin
 * map(files, onProgress = { p -> System.err.print("\r${p.done}/${p.total ?: "?"}") }) { file -> f(file) }
 * ```
 *
 * ### Serialization
 * [task] is checked at this call: one that captures something unserializable fails here with a
 * `dev.multiproc.SerializationException` naming it. [codec] chooses how items and results travel
 * ([Codec.Auto]: JSON for `@Serializable` classes that are not `java.io.Serializable`).
 */
@OptIn(ExperimentalStdlibApi::class)
public inline fun <reified T, reified R> ParallelScope.map(
    items: Iterable<T>,
    concurrency: Int = 0,
    chunkSize: Int = 0,
    codec: Codec = Codec.Auto,
    noinline onProgress: (suspend (Progress) -> Unit)? = null,
    task: Task<T, R>,
): Flow<R> = mapFlow(items, typeOf<T>().javaType, typeOf<R>().javaType, true, concurrency, chunkSize, codec, onProgress, task)

/** [map] over a [Sequence], read lazily. */
@OptIn(ExperimentalStdlibApi::class)
public inline fun <reified T, reified R> ParallelScope.map(
    items: Sequence<T>,
    concurrency: Int = 0,
    chunkSize: Int = 0,
    codec: Codec = Codec.Auto,
    noinline onProgress: (suspend (Progress) -> Unit)? = null,
    task: Task<T, R>,
): Flow<R> = mapFlow(items, typeOf<T>().javaType, typeOf<R>().javaType, true, concurrency, chunkSize, codec, onProgress, task)

/** [map] over a [Flow], collected as chunks are dispatched. */
@OptIn(ExperimentalStdlibApi::class)
public inline fun <reified T, reified R> ParallelScope.map(
    items: Flow<T>,
    concurrency: Int = 0,
    chunkSize: Int = 0,
    codec: Codec = Codec.Auto,
    noinline onProgress: (suspend (Progress) -> Unit)? = null,
    task: Task<T, R>,
): Flow<R> = mapFlow(items, typeOf<T>().javaType, typeOf<R>().javaType, true, concurrency, chunkSize, codec, onProgress, task)

/**
 * [map] with the results in completion order (Python's `imap_unordered`): a slow item does not
 * hold back the others. Within a chunk, results keep their order.
 */
@OptIn(ExperimentalStdlibApi::class)
public inline fun <reified T, reified R> ParallelScope.mapUnordered(
    items: Iterable<T>,
    concurrency: Int = 0,
    chunkSize: Int = 0,
    codec: Codec = Codec.Auto,
    noinline onProgress: (suspend (Progress) -> Unit)? = null,
    task: Task<T, R>,
): Flow<R> = mapFlow(items, typeOf<T>().javaType, typeOf<R>().javaType, false, concurrency, chunkSize, codec, onProgress, task)

/** [mapUnordered] over a [Sequence]. */
@OptIn(ExperimentalStdlibApi::class)
public inline fun <reified T, reified R> ParallelScope.mapUnordered(
    items: Sequence<T>,
    concurrency: Int = 0,
    chunkSize: Int = 0,
    codec: Codec = Codec.Auto,
    noinline onProgress: (suspend (Progress) -> Unit)? = null,
    task: Task<T, R>,
): Flow<R> = mapFlow(items, typeOf<T>().javaType, typeOf<R>().javaType, false, concurrency, chunkSize, codec, onProgress, task)

/** [mapUnordered] over a [Flow]. */
@OptIn(ExperimentalStdlibApi::class)
public inline fun <reified T, reified R> ParallelScope.mapUnordered(
    items: Flow<T>,
    concurrency: Int = 0,
    chunkSize: Int = 0,
    codec: Codec = Codec.Auto,
    noinline onProgress: (suspend (Progress) -> Unit)? = null,
    task: Task<T, R>,
): Flow<R> = mapFlow(items, typeOf<T>().javaType, typeOf<R>().javaType, false, concurrency, chunkSize, codec, onProgress, task)

@PublishedApi
internal fun <T, R> ParallelScope.mapFlow(
    items: Any, itemType: Type, resultType: Type, ordered: Boolean,
    concurrency: Int, chunkSize: Int, codec: Codec, onProgress: (suspend (Progress) -> Unit)?, task: Task<T, R>,
): Flow<R> = (this as ParallelScopeImpl).mapFlow(items, itemType, resultType, ordered, concurrency, chunkSize, codec, onProgress, task)
