package dev.multiproc.dsl.internal

import dev.multiproc.RemoteException
import dev.multiproc.SerializableCallable
import dev.multiproc.dsl.PoolSpec
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.dsl.spi.MapCall
import dev.multiproc.dsl.spi.ProcessControl
import dev.multiproc.dsl.spi.ProcessTarget
import dev.multiproc.pool.TaskTimeoutException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.toJavaDuration

/**
 * The [Engine] on a fixed pool of threads of this JVM (Python's `multiprocessing.dummy`). Nothing
 * is serialized. Cancellation interrupts the thread running the task (`runInterruptible`): a task
 * blocked in an interruptible call stops at once, a busy loop only when it checks the interrupt.
 * A `map` runs its chunks as tasks, scheduled by [ChunkScheduler].
 */
internal class ThreadRunner(private val spec: PoolSpec) : Engine {
    private val id = IDS.incrementAndGet()
    private val executor: ExecutorService = Executors.newFixedThreadPool(spec.processes, factory())
    private val dispatcher = executor.asCoroutineDispatcher()
    private val released = AtomicBoolean()

    override val workers: Int get() = spec.processes
    override val serializes: Boolean get() = false

    private fun factory(): ThreadFactory {
        val n = AtomicInteger()
        val initializer = spec.initializer
        return ThreadFactory { r ->
            Thread({
                initializer?.run()
                r.run()
            }, "parallel-$id-thread-${n.incrementAndGet()}").apply { isDaemon = true }
        }
    }

    override suspend fun run(call: SerializableCallable<Any?>, label: String): Any? {
        if (released.get()) throw releasedError(label)
        val timeout = spec.taskTimeout
        return try {
            if (timeout == null) {
                runInterruptible(dispatcher) { call.call() }
            } else {
                withTimeout(timeout) { runInterruptible(dispatcher) { call.call() } }
            }
        } catch (e: TimeoutCancellationException) {
            throw TaskTimeoutException("$label timed out after ${timeout!!.inWholeMilliseconds} ms on a thread, which was interrupted",
                0, timeout.toJavaDuration())
        } catch (e: Exception) {
            if (e is kotlinx.coroutines.CancellationException) throw e
            throw taskFailure(e, label, "on a thread of parallel-$id")
        }
    }

    override fun map(call: MapCall): Flow<Any?> = ChunkScheduler.run(call) { chunk, number ->
        @Suppress("UNCHECKED_CAST")
        run(ChunkCall(call.function, chunk), "chunk $number (${chunk.size} items) of ${call.name}") as List<Any?>
    }

    override suspend fun startProcess(name: String, target: ProcessTarget): ProcessControl {
        val control = ThreadControl(name, target.work)
        control.thread.start()
        return control
    }

    override suspend fun release() {
        if (released.compareAndSet(false, true)) {
            executor.shutdownNow()
            withContext(NonCancellable + Dispatchers.IO) { executor.awaitTermination(1, TimeUnit.MINUTES) }
        }
    }

    /** A `process { }` child on the threads backend: a thread; exit code 0, or 1 when it threw. */
    private class ThreadControl(name: String, work: dev.multiproc.dsl.Work<Unit>) : ProcessControl {
        private val done = CompletableDeferred<Unit>()

        @Volatile
        private var failure: RemoteException? = null

        @Volatile
        private var code: Int? = null

        val thread = Thread({
            try {
                work.run()
                code = 0
            } catch (e: Throwable) {
                failure = RemoteException("$name failed: ${e.javaClass.name}: ${e.message}", e.javaClass.name, e)
                code = 1
            } finally {
                done.complete(Unit)
            }
        }, name).apply { isDaemon = true }

        override val pid: Long get() = ProcessHandle.current().pid()
        override val exitCode: Int? get() = code
        override val exception: RemoteException? get() = failure

        override suspend fun awaitExit() = done.await()

        override fun terminate() = thread.interrupt()

        override fun kill() = thread.interrupt()
    }

    private companion object {
        val IDS = AtomicInteger()
    }
}
