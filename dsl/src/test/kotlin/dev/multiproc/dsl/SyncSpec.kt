package dev.multiproc.dsl

import dev.multiproc.shared.SharedLong
import dev.multiproc.sync.ProcessEvent
import dev.multiproc.sync.ProcessLock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import kotlin.time.Duration.Companion.seconds

/** The suspending wrappers of the core's primitives, across child JVMs. */
class SyncSpec : FunSpec({
    test("withLock, += and awaitSet give exact results across the parent and two worker JVMs") {
        ProcessLock().use { lock ->
            SharedLong.raw().use { guarded ->
                SharedLong().use { hits ->
                    ProcessEvent().use { ready ->
                        parallel(processes = 2) {
                            val workers = launch {
                                map((1..200).toList(), chunkSize = 10) { _ ->
                                    lock.lock()
                                    try {
                                        guarded.set(guarded.get() + 1) // a read-modify-write: exact only under the lock
                                    } finally {
                                        lock.unlock()
                                    }
                                    hits += 1
                                }.collect()
                            }
                            repeat(100) {
                                lock.withLock { guarded.value = guarded.value + 1 }
                                yield()
                            }
                            workers.join()
                            async { ready.set() }
                            ready.awaitSet(20.seconds) shouldBe true
                        }
                        guarded.value shouldBe 300
                        hits.value shouldBe 200
                    }
                }
            }
        }
    }

    test("cancelling a coroutine waiting in withLock leaves the lock to its holder") {
        ProcessLock().use { lock ->
            lock.lock()
            parallel(processes = 1, backend = Backend.Threads) {
                var entered = false
                val waiter = launch { lock.withLock { entered = true } }
                yield()
                waiter.cancelAndJoin()
                entered shouldBe false
                lock.isLocked shouldBe true
            }
            lock.unlock()
            lock.withLock { lock.isLocked shouldBe true }
            lock.isLocked shouldBe false
        }
    }
})
