package dev.multiproc.dsl.internal

import dev.multiproc.dsl.Progress
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.withContext

/*
 * The progress of a `map` with `onProgress`, counted by the scope on every backend alike: the
 * input as the engine reads it (for the total), the results as the engine's flow emits them (for
 * done). An engine needs nothing for it.
 */

/**
 * The items of one collection's input that the engine has read, and their total once it has
 * read them all. Written by whatever reads the input (a pool's dispatcher thread, a coroutine),
 * read by the collector.
 */
internal class InputCount(knownTotal: Long?) {
    @Volatile
    private var read = 0L

    /** The number of items, once known. */
    @Volatile
    var total: Long? = knownTotal
        private set

    /** [items], counting what is read and noting the total when they run out. */
    fun <T> counting(items: Iterator<T>): Iterator<T> = object : Iterator<T> {
        override fun hasNext(): Boolean = items.hasNext().also { more -> if (!more) total = read }

        override fun next(): T = items.next().also { read++ } // one reader at a time
    }

    /** [items], counting what is collected and noting the total when it completes. */
    fun <T> counting(items: Flow<T>): Flow<T> =
        items.onEach { read++ }.onCompletion { failure -> if (failure == null) total = read }
}

/**
 * The flow of [results] of one collection, reporting its progress to [onProgress] on the
 * collector's coroutine: `Progress(0, total)` first, one report per result before it is emitted,
 * and a last one with how the collection ended, made even when the collector was cancelled.
 *
 * @param knownTotal the size of the input when it is known before reading it
 * @param results the engine's flow for one collection, reading its input through the given count
 */
internal fun <R> reportingProgress(
    knownTotal: Long?,
    onProgress: suspend (Progress) -> Unit,
    results: (InputCount) -> Flow<R>,
): Flow<R> = flow {
    val input = InputCount(knownTotal)
    var done = 0L
    try {
        onProgress(Progress(0, input.total))
        results(input).collect { result ->
            done++
            onProgress(Progress(done, input.total))
            emit(result)
        }
    } catch (e: Throwable) {
        val end = if (e is CancellationException) Progress.State.Cancelled else Progress.State.Failed
        try {
            withContext(NonCancellable) { onProgress(Progress(done, input.total, end)) }
        } catch (report: Throwable) {
            if (report !== e) e.addSuppressed(report) // the collection's own failure is what the collector gets
        }
        throw e
    }
    onProgress(Progress(done, done, Progress.State.Completed))
}
