package dev.multiproc.dsl

/**
 * How far one collection of a [map] or [mapUnordered] flow has got: what its `onProgress`
 * callback is told, for a progress bar (the DSL's form of the core's `ProgressListener`).
 *
 * ```kotlin
 * parallel(processes = 4) {
 *     map(files, onProgress = { p -> System.err.print("\r${p.done}/${p.total ?: "?"} files") }) { file -> wordCount(file) }
 *         .collect { counts -> total.merge(counts) }
 * }
 * ```
 *
 * Or as a [kotlinx.coroutines.flow.StateFlow] that other coroutines watch (a user interface, a
 * bar that redraws at its own pace); a `StateFlow` never completes, so a watcher inside the block
 * stops after the last report, or the block would wait for it forever:
 *
 * ```kotlin
 * val progress = MutableStateFlow(Progress(0, files.size.toLong()))
 * launch { progress.transformWhile { emit(it); !it.isFinished }.collect { bar.draw(it.fraction) } }
 * map(files, onProgress = progress::emit) { file -> wordCount(file) }.collect { ... }
 * ```
 *
 * ### When it is reported
 * On the collector's coroutine, one call at a time, never on a thread of the backend: first
 * `Progress(0, total)` as the collection starts, then one report per item with [done] one more,
 * just before the item's result is emitted, then one last report whose [state] says how the
 * collection ended ([State.Completed], [State.Failed], [State.Cancelled], also when the
 * collector stopped early with `take(n)`); the last report is made even when the collector has
 * been cancelled. The map waits for the callback, so keep it short (`MutableStateFlow.emit`
 * never suspends).
 *
 * ### Done in input order
 * An item is done when the flow has its result. For [map] that is in input order: a slow first
 * item holds the count back as it holds back the results, as `tqdm(pool.imap(...))` does in
 * Python; [mapUnordered] counts items as their chunks finish.
 *
 * @property done items whose results the flow has, at least 0
 * @property total the number of items: the size of a `Collection` from the start; for an
 *   `Iterable`, a `Sequence` or a `Flow`, null until the input has been read to its end (the
 *   input is read ahead of the results, so usually well before the last report)
 * @property state [State.Running] until the last report
 */
public data class Progress(
    public val done: Long,
    public val total: Long?,
    public val state: State = State.Running,
) {
    init {
        require(done >= 0) { "done < 0: $done" }
        require(total == null || total >= 0) { "total < 0: $total" }
    }

    /** [done] as a share of [total], from 0.0 to 1.0 (1.0 for an empty input); null while the total is unknown. */
    public val fraction: Double?
        get() = when (total) {
            null -> null
            0L -> 1.0
            else -> minOf(1.0, done.toDouble() / total)
        }

    /** True in the last report of a collection, however it ended. */
    public val isFinished: Boolean get() = state != State.Running

    /** How a collection stands. */
    public enum class State {
        /** Items are still being run. */
        Running,

        /** Every item is done; [total] equals [done]. */
        Completed,

        /** A task, a worker or the input failed, and with it the flow. */
        Failed,

        /** The collector was cancelled or stopped early (`take(n)`, `first()`). */
        Cancelled,
    }
}
