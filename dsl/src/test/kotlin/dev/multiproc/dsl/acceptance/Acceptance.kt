package dev.multiproc.dsl.acceptance

import dev.multiproc.RemoteException
import dev.multiproc.SerializationException
import dev.multiproc.dsl.map
import dev.multiproc.dsl.mapUnordered
import dev.multiproc.dsl.parallel
import dev.multiproc.dsl.supervisorParallel
import dev.multiproc.pool.TaskTimeoutException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Job as CoroutineJob

/** Waits in a task, polling, until [condition] holds, at most 60 s (then fails the task). */
fun waitInTask(what: String, condition: () -> Boolean) {
    val deadline = System.nanoTime() + 60_000_000_000L
    while (!condition()) {
        check(System.nanoTime() < deadline) { "waited 60 s for $what" }
        Thread.sleep(1)
    }
}

/** Order, failure, cancellation and timeouts of `parallel { }`, the same on every backend. */
fun acceptance(target: AcceptanceTarget) = funSpec {
    test("map over an Iterable, a Sequence and a Flow keeps input order") {
        parallel(processes = 2, backend = target.backend) {
            map((1..100).toList()) { x -> x * x }.toList() shouldBe (1..100).map { it * it }
            map(generateSequence(1) { it + 1 }.take(50)) { x -> "#$x" }.toList() shouldBe (1..50).map { "#$it" }
            map((1..30).asFlow(), chunkSize = 4) { x -> x - 1 }.toList() shouldBe (0..29).toList()
            map(emptyList<Int>()) { x -> x }.toList() shouldBe emptyList()
        }
    }

    test("a map flow is cold: nothing runs before collection, each collection runs again") {
        target.withCounters(1) { (runs) ->
            parallel(processes = 2, backend = target.backend) {
                val flow = map(listOf(1, 2, 3), chunkSize = 1) { x -> runs.incrementAndGet(); x }
                runs.get() shouldBe 0
                flow.toList() shouldBe listOf(1, 2, 3)
                flow.toList() shouldBe listOf(1, 2, 3)
                runs.get() shouldBe 6
            }
        }
    }

    test("mapUnordered yields in completion order") {
        target.withCounters(1) { (received) ->
            parallel(processes = 2, backend = target.backend) {
                // item 0 waits until the collector has received the other three: it must come last
                val order = mapUnordered(listOf(0, 1, 2, 3), chunkSize = 1) { i ->
                    if (i == 0) waitInTask("the other three items") { received.get() >= 3 }
                    i
                }.onEach { received.incrementAndGet() }.toList()
                order.last() shouldBe 0
                order shouldContainExactlyInAnyOrder listOf(0, 1, 2, 3)
            }
        }
    }

    test("at most concurrency chunks run at once") {
        target.withCounters(4) { (started, running, pairs, crowds) ->
            parallel(processes = 3, backend = target.backend) {
                map((1..12).toList(), concurrency = 2, chunkSize = 1) { x ->
                    started.incrementAndGet()
                    val now = running.incrementAndGet()
                    if (now == 2L) pairs.incrementAndGet()
                    if (now > 2L) crowds.incrementAndGet()
                    // stay until a second task runs alongside (the last one to start has no
                    // partner): a third would make a crowd, one at a time would make no pair
                    val deadline = System.nanoTime() + 20_000_000_000L
                    while (running.get() < 2 && started.get() < 12 && System.nanoTime() < deadline) {
                        Thread.sleep(1)
                    }
                    running.decrementAndGet()
                    x
                }.toList() shouldBe (1..12).toList()
            }
            crowds.get() shouldBe 0
            (pairs.get() > 0) shouldBe true
        }
    }

    test("results of mixed types and nulls in one chunk keep their values and order") {
        val expected = (0 until 12).map { x -> mixed(x) }
        parallel(processes = 2, backend = target.backend) {
            map((0 until 12).toList(), chunkSize = 6) { x -> mixed(x) }.toList() shouldBe expected
            mapUnordered((0 until 12).map { it.toLong() }.asSequence()) { x -> x * 2 }.toList().sorted() shouldBe
                (0 until 12).map { it * 2L }
        }
    }

    test("a collector that stops early ends the map, and the workers go on serving") {
        parallel(processes = 2, backend = target.backend) {
            map((1..20_000).toList()) { x -> x * 2 }.take(3).toList() shouldBe listOf(2, 4, 6)
            map((1..5).toList()) { x -> x + 1 }.toList() shouldBe listOf(2, 3, 4, 5, 6)
        }
    }

    test("run and async return the task's result") {
        parallel(processes = 2, backend = target.backend) {
            run { 6 * 7 } shouldBe 42
            val a = async { "a".repeat(3) }
            val b = async { listOf(1, 2, 3).sum() }
            a.await() shouldBe "aaa"
            b.await() shouldBe 6
            val pid = run { currentPid() }
            (pid == currentPid()) shouldBe target.runsInTestJvm
        }
    }

    test("a failing task fails parallel with a RemoteException whose cause is the task's exception") {
        val e = shouldThrow<RemoteException> {
            parallel(processes = 2, backend = target.backend) {
                map((1..10).toList(), chunkSize = 1) { x -> check(x != 7) { "seven is not allowed" }; x }.toList()
            }
        }
        e.message shouldContain "of map()"
        e.remoteClassName() shouldBe "java.lang.IllegalStateException"
        val cause = e.cause.shouldBeInstanceOf<IllegalStateException>()
        cause.message shouldBe "seven is not allowed"
        cause.stackTrace.any { it.className.startsWith("dev.multiproc.dsl.acceptance.AcceptanceKt") } shouldBe true
    }

    test("a failing async task cancels its siblings, whose workers stop") {
        target.withCounters(1) { (ended) ->
            val start = System.nanoTime()
            shouldThrow<RemoteException> {
                parallel(processes = 2, backend = target.backend) {
                    async { try { sleepForever() } finally { ended.incrementAndGet() } }
                    async { Thread.sleep(100); throw UnsupportedOperationException("nope") }
                }
            }.cause.shouldBeInstanceOf<UnsupportedOperationException>()
            (System.nanoTime() - start) shouldBeLessThan 15.seconds.inWholeNanoseconds
            // a thread is interrupted (its finally runs); a process is killed (its finally does not)
            ended.get() shouldBe if (target.killsTasks) 0 else 1
        }
    }

    test("supervisorParallel: a failing task does not cancel the others") {
        val (first, second) = supervisorParallel(processes = 2, backend = target.backend) {
            val failing = async<Int> { throw IllegalArgumentException("bad") }
            val fine = async { Thread.sleep(200); 5 }
            runCatching { failing.await() } to fine.await()
        }
        first.exceptionOrNull().shouldBeInstanceOf<RemoteException>().cause.shouldBeInstanceOf<IllegalArgumentException>()
        second shouldBe 5
    }

    test("cancelling the collector stops the tasks that sleep forever; the pool goes on") {
        target.withCounters(4) { (started, ended, firstPid, secondPid) ->
            parallel(processes = 2, backend = target.backend) {
                val collector: CoroutineJob = launch {
                    map<Int, Unit>(listOf(0, 1), chunkSize = 1) { i ->
                        (if (i == 0) firstPid else secondPid).set(currentPid())
                        started.incrementAndGet()
                        try { sleepForever() } finally { ended.incrementAndGet() }
                    }.collect()
                }
                eventually("both tasks started") { started.get() == 2L }
                val start = System.nanoTime()
                collector.cancelAndJoin()
                if (target.killsTasks) {
                    for (pid in listOf(firstPid, secondPid)) awaitExit(pid.get(), target.collectorStopsWithin)
                } else {
                    ended.get() shouldBe 2
                }
                (System.nanoTime() - start) shouldBeLessThan target.collectorStopsWithin.inWholeNanoseconds
                run { 1 + 1 } shouldBe 2 // replaced workers (processes), the same threads
            }
        }
    }

    test("cancelling the parallel block stops its running task") {
        target.withCounters(2) { (started, pid) ->
            coroutineScope {
                val block = launch {
                    parallel(processes = 1, backend = target.backend) {
                        run { pid.set(currentPid()); started.incrementAndGet(); sleepForever() }
                    }
                }
                eventually("the task started") { started.get() == 1L }
                val start = System.nanoTime()
                block.cancelAndJoin()
                if (target.killsTasks) awaitExit(pid.get(), target.blockStopsWithin)
                (System.nanoTime() - start) shouldBeLessThan target.blockStopsWithin.inWholeNanoseconds
            }
        }
    }

    test("a flow collected after its block has ended fails with IllegalStateException") {
        val escaped: Flow<Int> = parallel(processes = 1, backend = target.backend) { map(listOf(1)) { x -> x } }
        shouldThrow<IllegalStateException> { escaped.first() }.message shouldContain "released"
    }

    test("a task running longer than taskTimeout fails with TaskTimeoutException") {
        val e = shouldThrow<TaskTimeoutException> {
            parallel(processes = 1, backend = target.backend, configure = { taskTimeout = 300.milliseconds }) {
                run { sleepForever() }
            }
        }
        e.message shouldContain "timed out"
    }

    if (target.serializes) {
        test("a task that cannot be serialized fails at the call with SerializationException") {
            val notSerializable = Any()
            val e = shouldThrow<SerializationException> {
                parallel(processes = 1, backend = target.backend) {
                    map(listOf(1, 2)) { x -> "$x $notSerializable" }.toList()
                }
            }
            e.message shouldContain "java.lang.Object is not Serializable"
        }
    }
}

/** A value of a different type (or null) by `x % 4`. */
fun mixed(x: Int): Any? = when (x % 4) {
    0 -> null
    1 -> "s$x"
    2 -> x.toLong()
    else -> listOf(x, x)
}
