package dev.multiproc.dsl.spi

import dev.multiproc.SerializableCallable
import dev.multiproc.dsl.Backend
import kotlinx.coroutines.flow.Flow

/**
 * Where the tasks of one `parallel { }` block run: the service a backend provides. The scope of
 * the block talks only to this interface, so the backends of this module (worker JVMs, threads)
 * and a backend of another module ([Backend.Custom], e.g. a cluster) behave the same to the user,
 * and one acceptance suite checks them all. What follows is the contract every engine keeps.
 *
 * ```kotlin
 * class ClusterBackend(private val config: ClusterConfig) : Backend.Custom() {
 *     override suspend fun start(spec: PoolSpec): Engine = ClusterEngine.connect(config, spec.processes)
 * }
 * fun Backend.Companion.cluster(config: ClusterConfig): Backend = ClusterBackend(config)
 *
 * parallel(backend = Backend.cluster(config)) { map(listOf(1, 2)) { x -> x + 1 }.toList() }   // [2, 3]
 * ```
 *
 * ### Lifetime
 * An engine is started once per block by [Backend.Custom.start] (cancellable: whatever it created
 * before a cancellation is released by it, never dropped) and [release]d once when the block
 * ends, however it ends. After [release], [run], [map] and [startProcess] fail with
 * [IllegalStateException] saying that the block has ended (a flow of `map` collected after its
 * block, a task awaited after it).
 *
 * ### Values
 * When [serializes] is true, tasks, items and results cross to another JVM: the scope hands over
 * the task already encoded (see [MapCall.function]) and items and results already in a form the
 * core's codec carries; when false, everything is passed by reference.
 *
 * ### Failure
 * A task that throws fails its caller ([run]) or its flow ([map]) with a
 * `dev.multiproc.RemoteException` whose cause is the task's exception with the stack trace of
 * where it ran, and whose message names the task ([run]'s `label`, or the chunk or task of
 * [MapCall.name]). Failures of the engine's making pass as they are: a worker that died
 * (`dev.multiproc.pool.WorkerDiedException`), a task that timed out
 * (`dev.multiproc.pool.TaskTimeoutException`), a value that cannot be sent
 * (`dev.multiproc.SerializationException`). An exception thrown by the input of a `map` (its
 * `Iterator` or `Flow`) fails the flow as it is.
 *
 * ### Cancellation
 * Cancelling the caller of [run] or the collector of a [map] flow stops its tasks at once: a
 * process running one is killed (and replaced while the engine lives), a thread is interrupted.
 * No suspending call leaves something behind when it is cancelled: a result that arrives after
 * cancellation is dropped, a child started by [startProcess] is stopped.
 *
 * ### Progress
 * A `map` with `onProgress` is counted by the scope, not by the engine: items as the engine reads
 * them through [MapCall.input] (the total, once the input is used up), results as its [map] flow
 * emits them. An engine needs no code for it; it only has to read the input through
 * [MapCall.input] alone and to its end (`hasNext()` false, the `Flow` completed), as it must to
 * run every item anyway. For a call with progress the scope makes a new [MapCall] per collection.
 *
 * ### Threads
 * No engine thread (a thread of the engine's own, or one of the pool it runs on) blocks in
 * `runBlocking` or waits for a coroutine; engines hand values to coroutines by resuming them
 * (callbacks, channels) and take values from them through channels and queues that a coroutine
 * fills.
 */
public interface Engine {
    /** Workers available: the default `concurrency` of `map` and the base of its default chunk size. */
    public val workers: Int

    /** Whether tasks and their values are serialized (true for worker JVMs and a cluster, false for threads). */
    public val serializes: Boolean

    /**
     * Runs [call] on a worker and returns its result; see the contract above for failure and
     * cancellation. [call] is the scope's own callable, which runs the user's encoded work.
     *
     * @param label what the task is, for error messages (`"run { }"`, `"async { }"`)
     */
    public suspend fun run(call: SerializableCallable<Any?>, label: String): Any?

    /**
     * A cold flow of [call]'s results, one per item: in input order when [MapCall.ordered], else
     * as chunks complete (within a chunk, in its order). Each collection runs the call again.
     *
     * ### Back-pressure
     * At most [MapCall.concurrency] chunks run at once, and the input is read at most
     * [MapCall.readAhead] chunks ahead of the collector: reading chunk `k` (from 0) waits until
     * the collector has taken `k - readAhead + 1` chunks. A chunk counts as taken once the flow
     * has started emitting its results.
     *
     * ### Failure and cancellation
     * A chunk that fails fails the flow at once (not at its turn in input order) after the
     * results emitted before it, and stops the other chunks as cancellation does; so does a
     * collector that stops early (`take(n)`) or is cancelled. Nothing of the call runs after the
     * flow has completed.
     */
    public fun map(call: MapCall): Flow<Any?>

    /** Starts one child (a process, or a thread for [Backend.Threads]) running [target]; returns once it runs. */
    public suspend fun startProcess(name: String, target: ProcessTarget): ProcessControl

    /**
     * Ends the block's use of the engine: nothing of the block runs after it returns, and workers
     * the engine does not keep for a later block have exited (the processes engine keeps its idle
     * pool for [dev.multiproc.dsl.PoolSpec.keepAlive] unless the caller was cancelled; a lent pool
     * is left running). Idempotent, and never cancelled half-way (it completes even when its caller
     * is cancelled).
     */
    public suspend fun release()
}
