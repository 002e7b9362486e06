package dev.multiproc.dsl

import dev.multiproc.RemoteException
import dev.multiproc.pool.TaskTimeoutException
import dev.multiproc.shared.SharedInt
import dev.multiproc.shared.SharedLongArray
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.Job as CoroutineJob
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.withTimeout
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/*
 * One acceptance suite, run against every backend (ProcessesSpec, ThreadsSpec), as CPython's
 * _test_multiprocessing.py is re-run per start method.
 */

fun currentPid(): Long = ProcessHandle.current().pid()

/** Sleeps until interrupted or killed. */
fun sleepForever(): Nothing {
    Thread.sleep(Long.MAX_VALUE)
    error("woke up")
}

/** Polls [condition] every 10 ms for at most 20 s (worker JVMs may be slow to start on a busy machine). */
suspend fun eventually(what: String, condition: () -> Boolean) {
    withTimeout(20.seconds) {
        while (!condition()) delay(10)
    }.also { check(condition()) { what } }
}

fun acceptance(backend: Backend) = funSpec {
    val isProcesses = backend == Backend.Processes

    test("map over an Iterable, a Sequence and a Flow keeps input order") {
        parallel(processes = 2, backend = backend) {
            map((1..100).toList()) { x -> x * x }.toList() shouldBe (1..100).map { it * it }
            map(generateSequence(1) { it + 1 }.take(50)) { x -> "#$x" }.toList() shouldBe (1..50).map { "#$it" }
            map((1..30).asFlow(), chunkSize = 4) { x -> x - 1 }.toList() shouldBe (0..29).toList()
            map(emptyList<Int>()) { x -> x }.toList() shouldBe emptyList()
        }
    }

    test("a map flow is cold: nothing runs before collection, each collection runs again") {
        SharedInt().use { runs ->
            parallel(processes = 2, backend = backend) {
                val flow = map(listOf(1, 2, 3), chunkSize = 1) { x -> runs.incrementAndGet(); x }
                runs.get() shouldBe 0
                flow.toList() shouldBe listOf(1, 2, 3)
                flow.toList() shouldBe listOf(1, 2, 3)
                runs.get() shouldBe 6
            }
        }
    }

    test("mapUnordered yields in completion order") {
        parallel(processes = 2, backend = backend) {
            // item 0 waits until the collector has received the other three: it must come last
            SharedInt().use { received ->
                val order = mapUnordered(listOf(0, 1, 2, 3), chunkSize = 1) { i ->
                    if (i == 0) {
                        while (received.get() < 3) Thread.onSpinWait()
                    }
                    i
                }.onEach { received.incrementAndGet() }.toList()
                order.last() shouldBe 0
                order shouldContainExactlyInAnyOrder listOf(0, 1, 2, 3)
            }
        }
    }

    test("at most concurrency chunks run at once") {
        SharedInt().use { started ->
            SharedInt().use { running ->
                SharedInt().use { peak ->
                    parallel(processes = 3, backend = backend) {
                        map((1..12).toList(), concurrency = 2, chunkSize = 1) { x ->
                            started.incrementAndGet()
                            val now = running.incrementAndGet()
                            peak.updateAndGet { maxOf(it, now) }
                            // stay until a second task runs alongside (the last one to start has no
                            // partner): a third would raise the peak, one at a time would keep it at 1
                            val deadline = System.nanoTime() + 20_000_000_000L
                            while (running.get() < 2 && started.get() < 12 && System.nanoTime() < deadline) {
                                Thread.sleep(1)
                            }
                            running.decrementAndGet()
                            x
                        }.toList() shouldBe (1..12).toList()
                    }
                    peak.get() shouldBe 2
                }
            }
        }
    }

    test("a collector that stops early ends the map, and the workers go on serving") {
        parallel(processes = 2, backend = backend) {
            map((1..20_000).toList()) { x -> x * 2 }.take(3).toList() shouldBe listOf(2, 4, 6)
            map((1..5).toList()) { x -> x + 1 }.toList() shouldBe listOf(2, 3, 4, 5, 6)
        }
    }

    test("run and async return the task's result") {
        parallel(processes = 2, backend = backend) {
            run { 6 * 7 } shouldBe 42
            val a = async { "a".repeat(3) }
            val b = async { listOf(1, 2, 3).sum() }
            a.await() shouldBe "aaa"
            b.await() shouldBe 6
            val pid = run { currentPid() }
            (pid == currentPid()) shouldBe !isProcesses
        }
    }

    test("a failing task fails parallel with a RemoteException whose cause is the task's exception") {
        val e = shouldThrow<RemoteException> {
            parallel(processes = 2, backend = backend) {
                map((1..10).toList(), chunkSize = 1) { x -> check(x != 7) { "seven is not allowed" }; x }.toList()
            }
        }
        e.message shouldContain "of map()"
        e.remoteClassName() shouldBe "java.lang.IllegalStateException"
        val cause = e.cause.shouldBeInstanceOf<IllegalStateException>()
        cause.message shouldBe "seven is not allowed"
        cause.stackTrace.any { it.className.startsWith("dev.multiproc.dsl.AcceptanceKt") } shouldBe true
    }

    test("a failing async task cancels its siblings, whose workers stop") {
        SharedInt().use { ended ->
            val start = System.nanoTime()
            shouldThrow<RemoteException> {
                parallel(processes = 2, backend = backend) {
                    async { try { sleepForever() } finally { ended.incrementAndGet() } }
                    async { Thread.sleep(100); throw UnsupportedOperationException("nope") }
                }
            }.cause.shouldBeInstanceOf<UnsupportedOperationException>()
            (System.nanoTime() - start) shouldBeLessThan TimeUnit.SECONDS.toNanos(15)
            // a thread is interrupted (its finally runs); a process is killed (its finally does not)
            ended.get() shouldBe if (isProcesses) 0 else 1
        }
    }

    test("supervisorParallel: a failing task does not cancel the others") {
        val (first, second) = supervisorParallel(processes = 2, backend = backend) {
            val failing = async<Int> { throw IllegalArgumentException("bad") }
            val fine = async { Thread.sleep(200); 5 }
            runCatching { failing.await() } to fine.await()
        }
        first.exceptionOrNull().shouldBeInstanceOf<RemoteException>().cause.shouldBeInstanceOf<IllegalArgumentException>()
        second shouldBe 5
    }

    test("cancelling the collector stops the tasks that sleep forever within 1 s; the pool goes on") {
        SharedLongArray(2).use { pids ->
            SharedInt().use { started ->
                SharedInt().use { ended ->
                    parallel(processes = 2, backend = backend) {
                        val collector: CoroutineJob = launch {
                            map<Int, Unit>(listOf(0, 1), chunkSize = 1) { i ->
                                pids.set(i, currentPid())
                                started.incrementAndGet()
                                try { sleepForever() } finally { ended.incrementAndGet() }
                            }.collect()
                        }
                        eventually("both tasks started") { started.get() == 2 }
                        val start = System.nanoTime()
                        collector.cancelAndJoin()
                        if (isProcesses) {
                            for (pid in pids.toArray()) {
                                ProcessHandle.of(pid).ifPresent { it.onExit().get(1, TimeUnit.SECONDS) }
                            }
                        } else {
                            ended.get() shouldBe 2
                        }
                        (System.nanoTime() - start) shouldBeLessThan TimeUnit.SECONDS.toNanos(1)
                        run { 1 + 1 } shouldBe 2 // replaced workers (processes), the same threads
                    }
                }
            }
        }
    }

    test("cancelling the parallel block stops its running tasks within 1 s") {
        SharedLongArray(1).use { pids ->
            SharedInt().use { started ->
                coroutineScope {
                    val block = launch {
                        parallel(processes = 1, backend = backend) {
                            run { pids.set(0, currentPid()); started.incrementAndGet(); sleepForever() }
                        }
                    }
                    eventually("the task started") { started.get() == 1 }
                    val start = System.nanoTime()
                    block.cancelAndJoin()   // parallel returns only once its workers have exited
                    (System.nanoTime() - start) shouldBeLessThan TimeUnit.SECONDS.toNanos(if (isProcesses) 3 else 1)
                    if (isProcesses) ProcessHandle.of(pids.get(0)).isPresent shouldBe false
                }
            }
        }
    }

    test("a flow collected after its block has ended fails with IllegalStateException") {
        val escaped: Flow<Int> = parallel(processes = 1, backend = backend) { map(listOf(1)) { x -> x } }
        shouldThrow<IllegalStateException> { escaped.first() }.message shouldContain "released"
    }

    test("process { } runs a child; join suspends and returns the exit code; a failure is its own") {
        SharedLongArray(1).use { pid ->
            parallel(processes = 1, backend = backend) {
                val ok = process("ok") { pid.set(0, currentPid()) }
                ok.join() shouldBe 0
                (pid.get(0) == currentPid()) shouldBe !isProcesses
                val failing = process { throw IllegalStateException("child failed") }
                failing.join() shouldBe 1
                failing.exception!!.cause.shouldBeInstanceOf<IllegalStateException>().message shouldBe "child failed"
            }
        }
    }

    test("a task running longer than taskTimeout fails with TaskTimeoutException") {
        val e = shouldThrow<TaskTimeoutException> {
            parallel(processes = 1, backend = backend, configure = { taskTimeout = 300.milliseconds }) {
                run { sleepForever() }
            }
        }
        e.message shouldContain "timed out"
    }
}
