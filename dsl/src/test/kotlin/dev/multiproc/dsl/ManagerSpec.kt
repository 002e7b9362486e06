package dev.multiproc.dsl

import dev.multiproc.SerializableCallable
import dev.multiproc.dsl.acceptance.eventually
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
import java.util.concurrent.BlockingQueue
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.locks.Condition
import java.util.concurrent.locks.Lock
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** A queue that tells how many callers wait in it, and refuses timed polls: a wait must be one call. */
interface ProbedQueue : BlockingQueue<String> {
    fun waiting(): Int
    fun takes(): Int
}

/** A lock (any thread may release it) that tells how many callers wait, and refuses timed tries. */
interface ProbedLock : Lock {
    fun waiting(): Int
}

class ServedQueue : LinkedBlockingQueue<String>(), ProbedQueue {
    private val waiting = AtomicInteger()
    private val takes = AtomicInteger()

    override fun take(): String {
        takes.incrementAndGet()
        waiting.incrementAndGet()
        try {
            return super.take()
        } finally {
            waiting.decrementAndGet()
        }
    }

    override fun poll(timeout: Long, unit: TimeUnit): String? =
        throw UnsupportedOperationException("a timed poll: the waiter polls instead of waiting")

    override fun waiting(): Int = waiting.get()
    override fun takes(): Int = takes.get()
}

class ServedLock : ProbedLock {
    private val permit = Semaphore(1)
    private val waiting = AtomicInteger()

    override fun lockInterruptibly() {
        waiting.incrementAndGet()
        try {
            permit.acquire()
        } finally {
            waiting.decrementAndGet()
        }
    }

    override fun lock() = permit.acquireUninterruptibly()
    override fun tryLock(): Boolean = permit.tryAcquire()
    override fun tryLock(time: Long, unit: TimeUnit): Boolean =
        throw UnsupportedOperationException("a timed try: the waiter polls instead of waiting")

    override fun unlock() = permit.release()
    override fun newCondition(): Condition = throw UnsupportedOperationException()
    override fun waiting(): Int = waiting.get()
}

class MakeQueue : SerializableCallable<Any> {
    override fun call(): Any = ServedQueue()
}

class MakeLock : SerializableCallable<Any> {
    override fun call(): Any = ServedLock()
}

private fun probedManager(): Manager =
    Manager.builder().register("probedQueue", MakeQueue()).register("probedLock", MakeLock()).start()

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

    test("a cancelled receive stops waiting on the server and takes no item; a receive waits in one call") {
        probedManager().use { manager ->
            val q = manager.create("probedQueue", ProbedQueue::class.java)
            coroutineScope {
                val waiter = launch { q.receiveFromManager() }
                eventually("the receive waits on the server") { q.waiting() == 1 }
                waiter.cancelAndJoin()
                waiter.isCancelled shouldBe true
                eventually("the wait on the server stopped") { q.waiting() == 0 }
                q.put("kept")
                q.poll() shouldBe "kept"

                // no polling: a receive that has to wait is one take on the server, and it ends
                // as soon as the item comes (the queue refuses the timed polls a poller would make)
                val receiver = async { q.receiveFromManager() }
                eventually("the second receive waits on the server") { q.waiting() == 1 }
                q.put("arrived")
                receiver.await() shouldBe "arrived"
                q.takes() shouldBe 2
            }
        }
    }

    test("a cancelled withManagerLock leaves the lock free and never runs its action") {
        probedManager().use { manager ->
            val lock = manager.create("probedLock", ProbedLock::class.java)
            lock.lock()
            var ran = false
            coroutineScope {
                val waiter = launch { lock.withManagerLock { ran = true } }
                eventually("the acquire waits on the server") { lock.waiting() == 1 }
                waiter.cancelAndJoin()
                eventually("the wait on the server stopped") { lock.waiting() == 0 }
            }
            ran shouldBe false
            lock.unlock()
            lock.tryLock() shouldBe true
            lock.unlock()
            lock.withManagerLock { "held" } shouldBe "held"
            lock.tryLock() shouldBe true
        }
    }

    test("more coroutines than Dispatchers.IO has threads wait at once: a barrier of 70 opens") {
        Manager.start().use { manager ->
            val parties = 70
            val barrier = manager.barrier(parties)
            val arrivals = coroutineScope {
                (1..parties).map { async { barrier.awaitParties() } }.awaitAll()
            }
            arrivals.toSet() shouldBe (0 until parties).toSet()
        }
    }

    test("a cancelled semaphore acquire takes no permit, and a joinable queue's join suspends until done") {
        Manager.start().use { manager ->
            val semaphore = manager.semaphore(0)
            val jobs = manager.joinableQueue<String>()
            coroutineScope {
                val waiter = launch { semaphore.acquireSuspending() }
                yield()
                waiter.cancelAndJoin()
                semaphore.release()
                semaphore.availablePermits() shouldBe 1

                jobs.put("job")
                val joined = async { jobs.joinSuspending() }
                jobs.receiveFromManager() shouldBe "job"
                joined.isCompleted shouldBe false
                jobs.taskDone()
                joined.await()
            }
        }
    }
})
