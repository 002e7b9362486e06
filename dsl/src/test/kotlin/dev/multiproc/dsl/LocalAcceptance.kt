package dev.multiproc.dsl

import dev.multiproc.dsl.acceptance.currentPid
import dev.multiproc.shared.SharedLongArray
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

/**
 * What the backends of this machine do beyond the backend-neutral acceptance suite
 * (`dev.multiproc.dsl.acceptance`), which a cluster runs too: children started with `process { }`.
 */
fun localAcceptance(backend: Backend) = funSpec {
    test("process { } runs a child; join suspends and returns the exit code; a failure is its own") {
        SharedLongArray(1).use { pid ->
            parallel(processes = 1, backend = backend) {
                val ok = process("ok") { pid.set(0, currentPid()) }
                ok.join() shouldBe 0
                (pid.get(0) == currentPid()) shouldBe (backend != Backend.Processes)
                val failing = process { throw IllegalStateException("child failed") }
                failing.join() shouldBe 1
                failing.exception!!.cause.shouldBeInstanceOf<IllegalStateException>().message shouldBe "child failed"
            }
        }
    }
}
