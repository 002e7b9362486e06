package dev.multiproc.dsl.acceptance

import dev.multiproc.dsl.map
import dev.multiproc.dsl.mapUnordered
import dev.multiproc.dsl.parallel
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** How far `map` reads its input ahead of its collector: the same bound on every backend. */
fun backPressure(target: AcceptanceTarget) = funSpec {
    test("map reads four chunks per running chunk ahead of a collector that has not taken them, and no further") {
        // chunks of 256 items: 4 * 2 chunks ahead is more than 1,024 items, so 4 per running chunk is the bound
        val size = 256
        val bound = 1 + 4 * target.workers(2) // chunks: the one taken, and 4 per running chunk
        for (ordered in listOf(true, false)) {
            val read = AtomicInteger()
            val boundRead = CountDownLatch(1)
            val items = (0 until (bound + 7) * size).asSequence().onEach { x ->
                read.incrementAndGet()
                if (x == bound * size - 1) boundRead.countDown()
            }
            val seen = parallel(processes = 2, backend = target.backend) {
                val results = if (ordered) map(items, chunkSize = size) { x -> x } else mapUnordered(items, chunkSize = size) { x -> x }
                var first = true
                results.onEach {
                    if (first) {
                        first = false
                        // one chunk taken, so the engine may read up to 1 + 4 * workers chunks
                        withContext(Dispatchers.IO) { boundRead.await(60, TimeUnit.SECONDS) } shouldBe true
                        read.get() shouldBe bound * size
                    }
                }.toList()
            }
            seen.sorted() shouldBe (0 until (bound + 7) * size).toList()
        }
    }

    test("map reads about 1,024 items of small chunks ahead, so that a slow first chunk does not idle the workers") {
        target.withCounters(1) { (started) ->
            parallel(processes = 2, backend = target.backend) {
                // the first item waits until the 40 others have started: 8 chunks ahead would leave it waiting
                map((0 until 41).toList(), chunkSize = 1) { x ->
                    started.incrementAndGet()
                    if (x == 0) waitInTask("the 40 other items") { started.get() >= 41 }
                    x
                }.toList() shouldBe (0 until 41).toList()
            }
            started.get() shouldBe 41
        }
    }
}
