package dev.multiproc.dsl

import dev.multiproc.queue.ProcessQueue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield

/** Suspending send/receive on a ProcessQueue shared with child processes. */
class QueueSpec : FunSpec({
    test("a child's puts arrive through receive and receiveAsFlow in its order") {
        ProcessQueue<String>().use { q ->
            parallel(processes = 1) {
                val child = process("producer") {
                    (1..5).forEach { q.put("item $it") }
                }
                q.receive() shouldBe "item 1"
                q.receiveAsFlow().take(4).toList() shouldBe listOf("item 2", "item 3", "item 4", "item 5")
                child.join() shouldBe 0
            }
        }
    }

    test("send suspends on a full bounded queue until a child takes an item") {
        ProcessQueue<Int>(1).use { q ->
            parallel(processes = 1) {
                q.send(1)
                val consumer = process("consumer") { check(q.take() == 1) }
                q.send(2) // room only once the child took the first item
                consumer.join() shouldBe 0
                q.receive() shouldBe 2
            }
        }
    }

    test("a cancelled receive takes nothing from the queue") {
        ProcessQueue<Int>().use { q ->
            parallel(processes = 1, backend = Backend.Threads) {
                val waiting = launch { q.receive() }
                yield()
                waiting.cancelAndJoin()
                q.send(7)
                q.receive() shouldBe 7
            }
        }
    }

    test("receives cancelled while they wait take nothing, and the items keep their order") {
        ProcessQueue<Int>().use { q ->
            parallel(processes = 1, backend = Backend.Threads) {
                repeat(20) {
                    val waiting = launch { q.receive() }
                    yield()
                    waiting.cancelAndJoin()
                }
                (1..3).forEach { q.send(it) }
                listOf(q.receive(), q.receive(), q.receive()) shouldBe listOf(1, 2, 3)
                q.poll() shouldBe null
            }
        }
    }
})
