package dev.multiproc.dsl.acceptance

import dev.multiproc.RemoteException
import dev.multiproc.dsl.Progress
import dev.multiproc.dsl.Progress.State
import dev.multiproc.dsl.map
import dev.multiproc.dsl.mapUnordered
import dev.multiproc.dsl.parallel
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.transformWhile
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/*
 * The progress of map and mapUnordered, run against every backend with the acceptance suite:
 * the scope counts it, so every engine must give the same reports.
 */

/** The reports of one collection, as onProgress is told them (one call at a time, on the collector's coroutine). */
class Reports {
    val all = mutableListOf<Progress>()
    val report: suspend (Progress) -> Unit = { all += it }

    /** [Progress.done] of each report, in order. */
    val done: List<Long> get() = all.map { it.done }
}

fun progressAcceptance(target: AcceptanceTarget) = funSpec {
    test("map over a Collection: 0, then one more per item up to its size, then Completed") {
        val reports = Reports()
        parallel(processes = 2, backend = target.backend) {
            map((1..40).toList(), onProgress = reports.report) { x -> x * 2 }.toList() shouldBe (1..40).map { it * 2 }
        }
        reports.done shouldBe (0L..40L).toList() + 40L
        reports.all.dropLast(1).forEach { it.total shouldBe 40L; it.state shouldBe State.Running }
        reports.all.last() shouldBe Progress(40, 40, State.Completed)
        reports.all.last().fraction shouldBe 1.0
    }

    test("mapUnordered counts every item exactly once, whatever order the chunks finish in") {
        val reports = Reports()
        parallel(processes = 2, backend = target.backend) {
            mapUnordered((0 until 30).toList(), chunkSize = 1, onProgress = reports.report) { x ->
                if (x % 7 == 0) Thread.sleep(20) // some items finish after later ones
                x
            }.toList() shouldContainExactlyInAnyOrder (0 until 30).toList()
        }
        reports.done shouldBe (0L..30L).toList() + 30L
        reports.all.last() shouldBe Progress(30, 30, State.Completed)
    }

    test("a Sequence's total is unknown until it has been read to its end, then stays known") {
        val reports = Reports()
        parallel(processes = 2, backend = target.backend) {
            map(generateSequence(1) { it + 1 }.take(300), onProgress = reports.report) { x -> x }.toList().size shouldBe 300
        }
        reports.all.first() shouldBe Progress(0, null)
        reports.done shouldBe (0L..300L).toList() + 300L
        val totals = reports.all.map { it.total }
        totals.dropWhile { it == null }.toSet() shouldBe setOf(300L) // null, ..., then 300 to the end
        reports.all.last() shouldBe Progress(300, 300, State.Completed)
    }

    test("a Flow of unknown size: no total while it has not ended") {
        val reports = Reports()
        val threeDone = CompletableDeferred<Unit>()
        val items = flow {
            (1..3).forEach { emit(it) }
            threeDone.await() // the flow has not ended while its first three items are done
            (4..5).forEach { emit(it) }
        }
        parallel(processes = 2, backend = target.backend) {
            val onProgress: suspend (Progress) -> Unit = { p ->
                reports.report(p)
                if (p.done == 3L) threeDone.complete(Unit)
            }
            withTimeout(30.seconds) { map(items, onProgress = onProgress) { x -> x * 10 }.toList() } shouldBe listOf(10, 20, 30, 40, 50)
        }
        reports.all.take(4).forEach { it.total shouldBe null }
        reports.all.take(4).map { it.fraction } shouldBe listOf(null, null, null, null)
        reports.done shouldBe listOf(0L, 1L, 2L, 3L, 4L, 5L, 5L)
        reports.all.last() shouldBe Progress(5, 5, State.Completed)
    }

    test("a collector cancelled while an item runs gets a last report, Cancelled, with what was done") {
        val reports = Reports()
        val threeDone = CompletableDeferred<Unit>()
        parallel(processes = 2, backend = target.backend) {
            val collector = launch {
                val onProgress: suspend (Progress) -> Unit = { p ->
                    reports.report(p)
                    if (p.done == 3L) threeDone.complete(Unit)
                }
                map((0 until 10).toList(), chunkSize = 1, onProgress = onProgress) { x ->
                    if (x >= 3) sleepForever()
                    x
                }.toList()
            }
            withTimeout(30.seconds) { threeDone.await() }
            collector.cancelAndJoin()
        }
        reports.done shouldBe listOf(0L, 1L, 2L, 3L, 3L)
        reports.all.last() shouldBe Progress(3, 10, State.Cancelled)
    }

    test("a collector that stops early (take) ends with Cancelled, never past what was taken") {
        val reports = Reports()
        parallel(processes = 2, backend = target.backend) {
            map((1..50).asFlow(), chunkSize = 1, onProgress = reports.report) { x -> x }.take(4).toList() shouldBe listOf(1, 2, 3, 4)
        }
        reports.done shouldBe listOf(0L, 1L, 2L, 3L, 4L, 4L)
        reports.all.last().state shouldBe State.Cancelled
    }

    test("a failing task ends the reports with Failed, and the flow with the task's failure") {
        val reports = Reports()
        shouldThrow<RemoteException> {
            parallel(processes = 2, backend = target.backend) {
                map((0 until 10).toList(), chunkSize = 1, onProgress = reports.report) { x -> check(x != 6) { "no six" }; x }.toList()
            }
        }.cause!!.message shouldBe "no six"
        val running = reports.all.dropLast(1)
        running.map { it.done } shouldBe (0L until running.size.toLong()).toList() // one more each time, from 0
        running.last().done shouldBeLessThanOrEqual 6L // at most items 0..5, before the failing 6 in input order
        reports.all.last() shouldBe Progress(running.last().done, 10, State.Failed)
    }

    test("each collection of the flow counts again from 0; an empty input is done at once") {
        parallel(processes = 2, backend = target.backend) {
            val again = Reports()
            val squares = map(listOf(1, 2, 3), onProgress = again.report) { x -> x * x }
            squares.toList() shouldContainExactly listOf(1, 4, 9)
            squares.toList() shouldContainExactly listOf(1, 4, 9)
            again.done shouldBe listOf(0L, 1L, 2L, 3L, 3L, 0L, 1L, 2L, 3L, 3L)
            val empty = Reports()
            map(emptyList<Int>(), onProgress = empty.report) { x -> x }.toList() shouldBe emptyList()
            empty.all shouldBe listOf(Progress(0, 0), Progress(0, 0, State.Completed))
        }
    }

    test("a StateFlow holds the reports, and a watcher launched in the block ends with the last one") {
        val progress = MutableStateFlow(Progress(0, null))
        val watched = mutableListOf<Progress>()
        parallel(processes = 2, backend = target.backend) {
            launch(start = CoroutineStart.UNDISPATCHED) {
                progress.transformWhile { emit(it); !it.isFinished }.collect { watched += it }
            }
            map((1..20).toList(), onProgress = progress::emit) { x -> x * x }.toList().size shouldBe 20
        } // the block waited for the watcher
        progress.value shouldBe Progress(20, 20, State.Completed)
        watched.last() shouldBe Progress(20, 20, State.Completed)
        watched.zipWithNext().forEach { (before, after) -> before.done shouldBeLessThanOrEqual after.done } // conflated, in order
    }
}
