package dev.multiproc.dsl

import dev.multiproc.RemoteException
import dev.multiproc.pool.TaskTimeoutException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.flow.toList
import kotlin.time.Duration.Companion.milliseconds

/** The acceptance suite on child JVMs, and what only the processes backend's map does. */
class ProcessesSpec : FunSpec({
    include(acceptance(Backend.Processes))
    include(backPressure(Backend.Processes))
    include(progressAcceptance(Backend.Processes))

    test("a failing item fails map with its own index, after every result before it") {
        val seen = mutableListOf<Int>()
        val e = shouldThrow<RemoteException> {
            parallel(processes = 2) {
                map((0 until 10).toList(), chunkSize = 5) { x -> check(x != 7) { "no seven" }; x }.collect { seen += it }
            }
        }
        e.message shouldContain "task 7 of map()"
        e.cause!!.message shouldBe "no seven"
        seen shouldBe (0..6).toList()
    }

    test("a failing run { } or async { } names its own call, not the pool's apply()") {
        val e = shouldThrow<RemoteException> {
            parallel(processes = 1) {
                run<Int> { error("no result") }
            }
        }
        e.message shouldContain "run { }"
        e.message shouldNotContain "apply()"
        val timedOut = shouldThrow<TaskTimeoutException> {
            parallel(processes = 1, configure = { taskTimeout = 300.milliseconds }) {
                async { sleepForever() }.await()
            }
        }
        timedOut.message shouldContain "task 0 of async { }"
    }

    test("results of mixed types and nulls in one chunk keep their values and order") {
        val expected = (0 until 12).map { x -> mixed(x) }
        parallel(processes = 2) {
            map((0 until 12).toList(), chunkSize = 6) { x -> mixed(x) }.toList() shouldBe expected
            mapUnordered((0 until 12).map { it.toLong() }.asSequence()) { x -> x * 2 }.toList().sorted() shouldBe
                (0 until 12).map { it * 2L }
        }
    }
})

/** A value of a different type (or null) by `x % 4`. */
fun mixed(x: Int): Any? = when (x % 4) {
    0 -> null
    1 -> "s$x"
    2 -> x.toLong()
    else -> listOf(x, x)
}
