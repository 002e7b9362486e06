package dev.multiproc.dsl

import dev.multiproc.dsl.acceptance.currentPid
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.toList
import kotlin.time.Duration

/** The configuration DSL reaches the workers. */
class ConfigSpec : FunSpec({
    test("JVM options, environment, initializer and maxTasksPerChild reach the worker JVMs") {
        parallel(processes = 2, configure = {
            jvmOptions("-Dmultiproc.dsl.option=42")
            environment("MULTIPROC_DSL_ENV", "yes")
            initializer { System.setProperty("multiproc.dsl.initialized", "once") }
            maxTasksPerChild = 1
        }) {
            processes shouldBe 2
            backend shouldBe Backend.Processes
            run {
                listOf(System.getProperty("multiproc.dsl.option"), System.getenv("MULTIPROC_DSL_ENV"),
                    System.getProperty("multiproc.dsl.initialized"))
            } shouldBe listOf("42", "yes", "once")
            // one task per worker JVM: four tasks, four different JVMs
            map((1..4).toList(), chunkSize = 1) { _ -> currentPid() }.toList().toSet().size shouldBe 4
        }
    }

    test("settings are checked with messages that carry the value") {
        val spec = PoolSpec(2, Backend.Processes)
        shouldThrow<IllegalArgumentException> { spec.processes = 0 }.message shouldBe "processes < 1: 0"
        shouldThrow<IllegalArgumentException> { spec.maxTasksPerChild = -1 }.message shouldBe "maxTasksPerChild must be positive: -1"
        shouldThrow<IllegalArgumentException> { spec.maxTasksPerChild = 0 }.message shouldBe "maxTasksPerChild must be positive: 0"
        shouldThrow<IllegalArgumentException> { spec.concurrency = -2 }.message shouldBe "concurrency < 0: -2"
        shouldThrow<IllegalArgumentException> { spec.taskTimeout = Duration.ZERO }.message shouldBe "taskTimeout must be positive: 0s"
        parallel(processes = 1, backend = Backend.Threads) {
            shouldThrow<IllegalArgumentException> { map(listOf(1), concurrency = -1) { x -> x } }.message shouldBe
                "concurrency < 0 in map(): -1"
        }
    }
})
