package dev.multiproc.dsl

import dev.multiproc.RemoteException
import dev.multiproc.dsl.acceptance.LocalTarget
import dev.multiproc.dsl.acceptance.acceptance
import dev.multiproc.dsl.acceptance.backPressure
import dev.multiproc.dsl.acceptance.progressAcceptance
import dev.multiproc.dsl.acceptance.sleepForever
import dev.multiproc.pool.TaskTimeoutException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlin.time.Duration.Companion.milliseconds

/** The acceptance suite on child JVMs, and what only the processes backend's map does. */
class ProcessesSpec : FunSpec({
    include(acceptance(LocalTarget(Backend.Processes)))
    include(backPressure(LocalTarget(Backend.Processes)))
    include(progressAcceptance(LocalTarget(Backend.Processes)))
    include(localAcceptance(Backend.Processes))

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
})
