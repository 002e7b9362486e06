package dev.multiproc.dsl

import dev.multiproc.connection.Pipe
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.yield

/** Suspending receives from a child process over a Pipe. */
class ConnectionSpec : FunSpec({
    test("receive and receiveAsFlow get a child's messages in order until it closes its end") {
        val pipe = Pipe.open()
        pipe.use {
            val parentEnd = pipe.left()
            val childEnd = pipe.right()
            parallel(processes = 1) {
                val child = process("sender") {
                    childEnd.use { c -> (1..5).forEach { c.send("m$it") } }
                }
                childEnd.close() // the parent's copy: EOF comes when the child's is closed too
                parentEnd.receive<String>() shouldBe "m1"
                parentEnd.receiveAsFlow().toList() shouldBe listOf("m2", "m3", "m4", "m5")
                child.join() shouldBe 0
            }
        }
    }

    test("a pipe destructures into its two ends") {
        val pipe = Pipe.open()
        pipe.use {
            val (left, right) = pipe
            right.send("over")
            left.receive<String>() shouldBe "over"
        }
    }

    test("a cancelled receive leaves the connection usable") {
        Pipe.open().use { pipe ->
            parallel(processes = 1, backend = Backend.Threads) {
                val waiting = launch { pipe.left().receiveAny() }
                yield()
                waiting.cancelAndJoin()
                pipe.right().sendSuspending(42)
                pipe.left().receive<Int>() shouldBe 42
            }
        }
    }
})
