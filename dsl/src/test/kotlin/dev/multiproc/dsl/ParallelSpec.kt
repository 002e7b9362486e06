package dev.multiproc.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.toList

class ParallelSpec : FunSpec({
    test("map squares in input order on child JVMs") {
        val pids = parallel(processes = 2) {
            map((1..100).toList()) { x -> x * x }.toList() shouldBe (1..100).map { it * it }
            map((1..8).toList(), chunkSize = 1) { _ -> ProcessHandle.current().pid() }.toList().toSet()
        }
        (ProcessHandle.current().pid() in pids) shouldBe false
    }
})
