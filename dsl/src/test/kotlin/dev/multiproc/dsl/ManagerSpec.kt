package dev.multiproc.dsl

import dev.multiproc.manager.Manager
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The suspending forms of a manager's proxies, with the manager in a child JVM. */
class ManagerSpec : FunSpec({
    test("a coroutine receives from a manager's queue what a worker JVM put, and the dict works with Kotlin's operators") {
        Manager.start().use { manager ->
            val q = manager.queue<String>()
            val counts = manager.dict<String, Int>()
            parallel(processes = 1) {
                process {
                    counts["puts"] = 1
                    q.put("from a worker")
                }
                q.receiveFromManager() shouldBe "from a worker"
            }
            q.sendToManager("back")
            q.receiveFromManager() shouldBe "back"
            counts.filterValues { it > 0 }.keys shouldBe setOf("puts")
            // a Kotlin function reference converts to the plain BiFunction overload: refused in the caller
            shouldThrow<IllegalArgumentException> { counts.merge("puts", 1, Int::plus) }
            counts["puts"] shouldBe 1
        }
    }

    test("cancelling a wait on a manager's event takes nothing and leaves the proxy usable") {
        Manager.start().use { manager ->
            val event = manager.event()
            coroutineScope {
                val waiter = launch { event.awaitSet() }
                yield()
                waiter.cancelAndJoin()
                event.awaitSet(100.milliseconds) shouldBe false
                event.set()
                event.awaitSet(20.seconds) shouldBe true
            }
        }
    }

    test("withManagerLock on a reentrant lock makes a read-modify-write exact across coroutines") {
        Manager.start().use { manager ->
            val lock = manager.rLock()
            val value = manager.value(0)
            coroutineScope {
                (1..4).map {
                    async { repeat(25) { lock.withManagerLock { value.set(value.get() + 1) } } }
                }.awaitAll()
            }
            value.get() shouldBe 100
        }
    }
})
