package dev.multiproc.dsl.chaos

import dev.multiproc.dsl.acceptance.currentPid
import dev.multiproc.dsl.map
import dev.multiproc.dsl.parallel
import dev.multiproc.pool.WorkerDiedException
import dev.multiproc.shared.SharedLong
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import java.util.concurrent.TimeUnit
import kotlin.random.Random
import kotlin.time.Duration

/**
 * A worker of `parallel { map }` killed with SIGKILL at a random moment: the flow either completes
 * with every result once and in order, or fails with [WorkerDiedException]; it never hangs, and
 * no child JVM outlives the block. The moment is a random number of finished tasks, the victim
 * the worker that finished the last one, the chunking one item per task or the default (seeded).
 * `-Dmultiproc.chaos.dslKills=N` sets the trials (3 by default, 30 in the long run), one test each.
 */
class MapWorkerKillSpec : FunSpec({
    val trials = Integer.getInteger("multiproc.chaos.dslKills", 3)
    val random = Random(SEED)
    val expected = (0 until ITEMS).map { it * it }
    val outcomes = mutableListOf<String>()

    for (trial in 0 until trials) {
        val killAt = random.nextInt(ITEMS).toLong()
        val chunkSize = if (random.nextBoolean()) 1 else 0
        test("trial $trial: a worker killed after $killAt of $ITEMS tasks (chunk size ${if (chunkSize == 0) "default" else "1"})") {
            SharedLong.raw().use { done ->
                SharedLong.raw().use { lastWorker ->
                    val outcome = runCatching {
                        parallel(processes = 2, configure = { keepAlive = Duration.ZERO }) {
                            coroutineScope {
                                val killer = launch(Dispatchers.IO) {
                                    while (isActive && done.get() < killAt) delay(1)
                                    if (isActive) ProcessHandle.of(lastWorker.get()).ifPresent { it.destroyForcibly() }
                                }
                                try {
                                    map((0 until ITEMS).toList(), chunkSize = chunkSize) { x -> step(done, lastWorker, x) }.toList()
                                } finally {
                                    killer.cancelAndJoin()
                                }
                            }
                        }
                    }
                    outcome.onSuccess { it shouldBe expected }
                    outcome.onFailure { it.shouldBeInstanceOf<WorkerDiedException>() }
                    synchronized(outcomes) { outcomes += if (outcome.isSuccess) "completed" else "failed" }
                    // the block has closed its pool: its workers, the killed one included, are gone
                    for (child in ProcessHandle.current().children().toList()) {
                        child.onExit().get(30, TimeUnit.SECONDS)
                    }
                }
            }
        }
    }

    afterSpec {
        println("dsl map worker kills (seed $SEED): ${outcomes.size} trials, ${outcomes.count { it == "completed" }} completed, " +
            "${outcomes.count { it == "failed" }} failed with WorkerDiedException")
    }
})

private const val SEED = 23
private const val ITEMS = 200

/** One task: about a millisecond of work, so that kills land while tasks run. */
private fun step(done: SharedLong, lastWorker: SharedLong, x: Int): Int {
    val end = System.nanoTime() + 1_000_000
    while (System.nanoTime() < end) Thread.onSpinWait()
    lastWorker.set(currentPid())
    done.incrementAndGet()
    return x * x
}
